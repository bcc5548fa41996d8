/** A discarding SMTP server in a process of its own; prints its port, answers an IPC message with how many mails and distinct recipients it received. */
import { SMTPServer } from 'smtp-server';

let received = 0;
const recipients = new Set<string>();
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received++;
      for (const to of session.envelope.rcptTo) recipients.add(to.address);
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => {
  const address = server.server.address() as { port: number };
  process.stdout.write(`port ${address.port}\n`);
});
process.on('message', () => process.send?.({ received, recipients: recipients.size }));
