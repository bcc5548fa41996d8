import { parentPort } from 'node:worker_threads';
import { qrPng } from '../tickets/ticket-qr.js';
import { renderCover, renderPoster, type PosterFacts } from './poster-render.js';

/**
 * The drawing thread (poster-drawer.ts starts it): satori and resvg take 0.15–0.25 s of CPU per
 * picture, which on the API's own thread would stall every request meanwhile. Here they run
 * beside it, one drawing at a time.
 */
parentPort!.on('message', (task: { id: number; facts: PosterFacts }) => {
  void (async () => {
    try {
      const [poster, cover] = [await renderPoster(task.facts), await renderCover(task.facts)];
      parentPort!.postMessage({ id: task.id, poster, cover, qr: qrPng(task.facts.url, 10) });
    } catch (error) {
      parentPort!.postMessage({ id: task.id, error: error instanceof Error ? error.message : String(error) });
    }
  })();
});
