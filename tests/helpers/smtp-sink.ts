import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSinkOptions {
  /** Called for each message in arrival order (0-based) with its recipients; return an SMTP code to refuse it. */
  refuse?: (index: number, recipients: string[]) => number | undefined;
  /** Hold each accepted message this long before answering 250, to catch senders mid-send. */
  delayMs?: number;
}

export interface SmtpSink {
  url: string;
  messages: ParsedMail[];
  /** Messages answered with a refusal: code and recipients. */
  refused: Array<{ code: number; to: string[] }>;
  events: EventEmitter;
  waitForMessages(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /** Resolves with the first message addressed to this recipient. */
  waitForMailTo(address: string, timeoutMs?: number): Promise<ParsedMail>;
  /** Messages addressed to this recipient so far. */
  mailTo(address: string): ParsedMail[];
  /** How many accepted messages each recipient got so far. */
  countsByRecipient(): Map<string, number>;
  close(): Promise<void>;
}

/** A real SMTP server on an ephemeral port that keeps what it receives, parsed. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const refused: SmtpSink['refused'] = [];
  const events = new EventEmitter();
  let index = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Senders keep pooled connections open; closing waits for them only this long (default 30 s).
    closeTimeout: 500,
    onData(stream, session, callback) {
      const n = index++;
      const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
      events.emit('data-start', n);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const code = options.refuse?.(n, recipients);
        if (code) {
          refused.push({ code, to: recipients });
          return callback(Object.assign(new Error(`refused by test sink with ${code}`), { responseCode: code }));
        }
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            setTimeout(() => {
              messages.push(parsed);
              events.emit('message', parsed);
              callback();
            }, options.delayMs ?? 0);
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  // A sender killed mid-session (the worker-crash tests) resets its connection; a real server
  // drops it and goes on, and so does the sink. Without a listener the reset would be thrown.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') events.emit('server-error', error);
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refused,
    events,
    async waitForMessages(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`SMTP sink got ${messages.length} of ${count} messages in ${timeoutMs} ms.`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return messages;
    },
    mailTo: (address) => messages.filter((message) => recipientsOf(message).includes(address)),
    countsByRecipient() {
      const counts = new Map<string, number>();
      for (const message of messages) for (const address of recipientsOf(message)) counts.set(address, (counts.get(address) ?? 0) + 1);
      return counts;
    },
    async waitForMailTo(address, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((message) => recipientsOf(message).includes(address));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`SMTP sink got no mail to ${address} in ${timeoutMs} ms.`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function recipientsOf(message: ParsedMail): string[] {
  const to = Array.isArray(message.to) ? message.to : message.to ? [message.to] : [];
  return to.flatMap((group) => group.value.map((entry) => entry.address ?? ''));
}
