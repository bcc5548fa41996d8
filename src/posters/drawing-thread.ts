import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { qrPng } from '../codes/ticket-qr.js';
import { renderCover, renderPoster, type PosterFacts } from './poster-render.js';

/**
 * The drawing thread (poster-drawer.ts starts it): satori and resvg take 0.15–0.25 s of CPU per
 * picture, which on the API's own thread would stall every request meanwhile. Here they run
 * beside it, one drawing at a time.
 */
// Drawing gives way to the API: on Linux a thread's nice value is its own, and setpriority on
// "this process" (0) from a thread sets that thread's only, so requests keep the CPU they need.
try {
  os.setPriority(0, 19);
} catch {
  // Not allowed here (some containers): drawing then competes as an equal.
}

parentPort!.on('message', (task: { id: number; facts: PosterFacts; only?: 'cover' }) => {
  void (async () => {
    try {
      if (task.only === 'cover') return parentPort!.postMessage({ id: task.id, cover: await renderCover(task.facts) });
      const [poster, cover] = [await renderPoster(task.facts), await renderCover(task.facts)];
      parentPort!.postMessage({ id: task.id, poster, cover, qr: qrPng(task.facts.url, 10) });
    } catch (error) {
      parentPort!.postMessage({ id: task.id, error: error instanceof Error ? error.message : String(error) });
    }
  })();
});
