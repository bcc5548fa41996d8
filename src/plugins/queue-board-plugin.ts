import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { BullmqDriver } from '../queue/bullmq-driver.js';

const BASE_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues for coordinators, when jobs run on BullMQ. Its routes get the
 * coordinator access rule like every other route (send the token as a Bearer header).
 */
export const queueBoardPlugin = fp(
  async (app: FastifyInstance) => {
    if (app.jobs.kind !== 'bullmq') return;
    const jobs = app.jobs as BullmqDriver;
    // Loaded only here, with Redis: the board takes ~0.1 s to load, which the embedded start-up need not pay.
    const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([import('@bull-board/api'), import('@bull-board/api/bullMQAdapter'), import('@bull-board/fastify')]);
    const serverAdapter = new FastifyAdapter();
    createBullBoard({ queues: jobs.allQueues().map((queue) => new BullMQAdapter(queue)), serverAdapter });
    serverAdapter.setBasePath(BASE_PATH);
    await app.register(async (board) => {
      board.addHook('onRoute', (route) => {
        route.config = { ...route.config, access: { roles: ['coordinator'] } };
      });
      await board.register(serverAdapter.registerPlugin(), { prefix: BASE_PATH });
    });
  },
  { name: 'queue-board', dependencies: ['jobs', 'auth'] },
);
