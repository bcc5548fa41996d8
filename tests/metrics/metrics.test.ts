import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addChannel, publishOnlineEvent } from '../helpers/channel-fixtures.js';
import { startReceiver } from '../helpers/http-receiver.js';
import { startWorker, type WorkerProcess } from '../helpers/node-processes.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../helpers/redis.js';
import { settle } from '../helpers/settle.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { admitViaApi, seedMember, startTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

const METRICS_TOKEN = 'scraper-token-0123456789abcdef';

/** The value of one series in Prometheus text, or undefined when it is not there. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('GET /metrics of the API process', () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestApp({ METRICS_TOKEN, CHANNEL_ALLOW_HOSTS: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('is for coordinators and the configured scraper token only', async () => {
    const get = (authorization?: string) => t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
    expect((await get()).statusCode).toBe(401);
    expect((await get('Bearer not-the-token')).statusCode).toBe(401);
    expect((await get(seedMember(t.app, 'organizer').auth.authorization)).statusCode).toBe(403);
    expect((await get(seedMember(t.app, 'park_manager').auth.authorization)).statusCode).toBe(403);
    const byCoordinator = await get(seedMember(t.app, 'coordinator').auth.authorization);
    expect(byCoordinator.statusCode).toBe(200);
    expect(byCoordinator.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect((await get(`Bearer ${METRICS_TOKEN}`)).statusCode).toBe(200);
  });

  it('counts requests by route pattern and status, jobs and deliveries by outcome, and the outbox age', async () => {
    await admitViaApi(t.app, { name: 'Hu Lan', email: 'hu@example.org' });
    await addChannel(t.app, { kind: 'webhook', name: 'metrics-hook', topics: [], config: { url: `${receiver.url}/ok` } });
    const { event } = await publishOnlineEvent(t.app);
    await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` });
    await t.app.inject({ method: 'GET', url: '/v1/events/999999' });
    await settle(t.app);

    const text = (await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body;
    // The pattern, not the id: one series per route, whatever ids people ask for.
    expect(sample(text, 'chuanglian_http_request_duration_seconds_count', { method: 'GET', route: '/v1/events/:id', status_code: '200' })).toBe(1);
    expect(sample(text, 'chuanglian_http_request_duration_seconds_count', { method: 'GET', route: '/v1/events/:id', status_code: '404' })).toBe(1);
    expect(text).not.toContain('/v1/events/999999');
    expect(sample(text, 'chuanglian_job_runs_total', { queue: 'send', name: 'send-email', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'chuanglian_job_runs_total', { queue: 'database', name: 'fan-out-announcement', outcome: 'completed' })).toBe(1);
    expect(sample(text, 'chuanglian_deliveries', { status: 'sent', target: 'webhook' })).toBe(1);
    expect(sample(text, 'chuanglian_queue_jobs', { queue: 'send', state: 'waiting' })).toBe(0);
    expect(sample(text, 'chuanglian_outbox_oldest_unsent_seconds')).toBe(0);
    expect(sample(text, 'chuanglian_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

describe('a worker’s metrics on METRICS_PORT', () => {
  const prefix = uniquePrefix('metrics-worker');
  let sink: SmtpSink;
  let t: TestApp;
  let worker: WorkerProcess;
  let workerUrl: string;

  beforeAll(async () => {
    await requireRedis();
    sink = await startSmtpSink();
    t = await startTestApp({ REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sink.url });
    worker = await startWorker({ REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sink.url, SECRET_KEY: TEST_SECRET, METRICS_PORT: '0', METRICS_TOKEN });
    const started = worker.output().split('\n').find((line) => line.includes('worker started'))!;
    workerUrl = `http://127.0.0.1:${(JSON.parse(started) as { metricsPort: number }).metricsPort}/metrics`;
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await sink?.close();
    await deletePrefix(prefix);
  });

  it('serves the jobs it ran and the queues’ depth to the scraper token only', async () => {
    expect((await fetch(workerUrl)).status).toBe(401);
    expect((await fetch(workerUrl, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);

    await admitViaApi(t.app, { name: 'Fang Yu', email: 'fang@example.org' });
    await sink.waitForMailTo('fang@example.org');
    let last = '';
    const text = await waitFor(async () => {
      const res = await fetch(workerUrl, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      const body = await res.text();
      last = `${res.status}\n${body}`;
      return res.status === 200 && (sample(body, 'chuanglian_job_runs_total', { queue: 'send', name: 'send-email', outcome: 'completed' }) ?? 0) >= 1 && body;
    }, 'the worker counting the mail it sent').catch((error: Error) => {
      throw new Error(`${error.message}; last scrape:\n${last.split('\n').filter((line) => line.includes('job_runs') || /^\d/.test(line)).join('\n')}`);
    });
    expect(sample(text, 'chuanglian_queue_jobs', { queue: 'send', state: 'failed' })).toBe(0);
    expect(sample(text, 'chuanglian_process_resident_memory_bytes')).toBeGreaterThan(0);

    // The API process counts the outcome it recorded from the results queue.
    const api = await waitFor(async () => {
      const body = (await t.app.inject({ method: 'GET', url: '/metrics', headers: seedMember(t.app, 'coordinator').auth })).body;
      return (sample(body, 'chuanglian_job_runs_total', { queue: 'results', name: 'email-outcome', outcome: 'completed' }) ?? 0) >= 1 && body;
    }, 'the API recording the outcome');
    expect(sample(api, 'chuanglian_queue_jobs', { queue: 'results', state: 'failed' })).toBe(0);
  });
});
