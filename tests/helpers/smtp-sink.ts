import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSinkOptions {
  /** Called for each message in arrival order (0-based); return an SMTP code to refuse it. */
  refuse?: (index: number) => number | undefined;
  /** Hold each accepted message this long before answering 250, to catch senders mid-send. */
  delayMs?: number;
}

export interface SmtpSink {
  url: string;
  messages: ParsedMail[];
  /** Messages answered with a refusal, by code. */
  refused: number[];
  events: EventEmitter;
  waitForMessages(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server on an ephemeral port that keeps what it receives, parsed. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const refused: number[] = [];
  const events = new EventEmitter();
  let index = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const n = index++;
      events.emit('data-start', n);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const code = options.refuse?.(n);
        if (code) {
          refused.push(code);
          return callback(Object.assign(new Error(`refused by test sink with ${code}`), { responseCode: code }));
        }
        const parsed = await simpleParser(Buffer.concat(chunks));
        setTimeout(() => {
          messages.push(parsed);
          events.emit('message', parsed);
          callback();
        }, options.delayMs ?? 0);
      });
    },
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
