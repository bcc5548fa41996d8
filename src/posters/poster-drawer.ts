import { Worker } from 'node:worker_threads';
import type { PosterFacts } from './poster-render.js';

export interface DrawnPictures {
  poster: Buffer;
  cover: Buffer;
  qr: Buffer;
}

type Answer = { id: number; error?: string } & Partial<Record<keyof DrawnPictures, Uint8Array>>;

/** One drawing thread per process, started on the first drawing and let go (unref) while idle. */
let thread: Worker | undefined;
let next = 0;
const waiting = new Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }>();

/**
 * From the compiled service, the thread runs dist's drawing-thread.js; from TypeScript (tests,
 * `npm run dev`), the source through tsx's loader, registered in the thread first.
 */
function startThread(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './drawing-thread.ts' : './drawing-thread.js', import.meta.url);
  const worker = fromSource
    ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`, { eval: true })
    : new Worker(entry);
  worker.on('message', (answer: Answer) => {
    const task = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (waiting.size === 0) worker.unref();
    if (!task) return;
    if (answer.error !== undefined) task.reject(new Error(`drawing failed: ${answer.error}`));
    else task.resolve(answer);
  });
  // A thread that dies takes its tasks with it: they fail (the job retries) and the next drawing starts a new one.
  const fail = (error: Error) => {
    if (thread === worker) thread = undefined;
    for (const [id, task] of waiting) {
      waiting.delete(id);
      task.reject(error);
    }
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the drawing thread exited (${code})`)));
  return worker;
}

/** One task for the drawing thread: every picture of an event, or only a cover. */
function draw(facts: PosterFacts, only?: 'cover'): Promise<Answer> {
  thread ??= startThread();
  thread.ref();
  const id = ++next;
  const worker = thread;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, facts, only });
  });
}

/** Draws an event's poster, cover and QR off the calling thread. */
export async function drawPictures(facts: PosterFacts): Promise<DrawnPictures> {
  const answer = await draw(facts);
  return { poster: Buffer.from(answer.poster!), cover: Buffer.from(answer.cover!), qr: Buffer.from(answer.qr!) };
}

/** Draws only a cover (an article that is not one event's), off the calling thread too. */
export async function drawCover(facts: PosterFacts): Promise<Buffer> {
  return Buffer.from((await draw(facts, 'cover')).cover!);
}
