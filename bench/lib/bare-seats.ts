import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

/**
 * The floor for a burst of writes: a bare Fastify route doing one better-sqlite3 transaction that
 * counts the seats taken in a slot and inserts a row when one is left (201) or refuses (409). No
 * validation, no mail, no outbox, an in-memory database; the same burst client measures it.
 */
export async function startBareSeats(seatsPerSlot: number): Promise<{ url: string; taken(): number; close(): Promise<void> }> {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE seats (id INTEGER PRIMARY KEY, slot TEXT NOT NULL, email TEXT NOT NULL, name TEXT NOT NULL); CREATE INDEX seats_slot ON seats (slot)');
  const count = db.prepare('SELECT count(*) FROM seats WHERE slot = ?').pluck();
  const insert = db.prepare('INSERT INTO seats (slot, email, name) VALUES (?, ?, ?)');
  const take = db.transaction((slot: string, email: string, name: string) => {
    if ((count.get(slot) as number) >= seatsPerSlot) return false;
    insert.run(slot, email, name);
    return true;
  });
  const app = Fastify();
  app.get('/healthz', async () => ({ ok: true }));
  app.post('/seats', async (request, reply) => {
    const body = request.body as { slot: string; email: string; name: string };
    const ok = take.immediate(body.slot, body.email, body.name);
    return reply.code(ok ? 201 : 409).send(ok ? { slot: body.slot } : { title: 'full' });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/seats`,
    taken: () => db.prepare('SELECT count(*) FROM seats').pluck().get() as number,
    close: async () => {
      await app.close();
      db.close();
    },
  };
}
