import { PerformanceObserver } from 'node:perf_hooks';
let gcMs = 0; let gcs = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) { gcMs += e.duration; gcs++; } }).observe({ entryTypes: ['gc'] });
await import('./profile-enqueue.js');
console.log('gc', gcs, gcMs.toFixed(0), 'ms');
