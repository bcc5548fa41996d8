import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { BullmqDriver } from '../../jobs/bullmq-driver.js';

const BASE_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues for coordinators, when jobs run on BullMQ. Its routes get the
 * coordinator access rule like every other route (send the token as a Bearer header).
 */
export const queueBoardPlugin = fp(
  async (app: FastifyInstance) => {
    if (!(app.jobs instanceof BullmqDriver)) return;
    const serverAdapter = new FastifyAdapter();
    createBullBoard({ queues: app.jobs.allQueues().map((queue) => new BullMQAdapter(queue)), serverAdapter });
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
