import fs from 'node:fs';
import type { Profiler } from 'node:inspector';
import { Session } from 'node:inspector/promises';

/** Starts V8's profiler on this process; `stop()` ends it and gives the profile (written to PROFILE_OUT too, for DevTools). */
export async function startProfiler(): Promise<{ stop(): Promise<Profiler.Profile> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      if (process.env.PROFILE_OUT) fs.writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
      return profile;
    },
  };
}

/** The package (node_modules), our file (src/…) or the runtime a frame belongs to. */
function ownerOf(frame: Profiler.ProfileNode['callFrame']): string {
  const url = frame.url;
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1]!;
  if (url.includes('/src/')) return `src/${url.split('/src/')[1]!}`;
  return url.startsWith('node:') ? 'node:' : frame.functionName || '(native)';
}

/** Prints the top functions by self time, then the same by package or file, as shares of the profile. */
export function printSelfTimes(profile: Profiler.Profile, top = 25): void {
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.samples!.forEach((sample, i) => {
    const frame = nodes.get(sample)!.callFrame;
    const dt = profile.timeDeltas![i] ?? 0;
    const name = `${frame.functionName || '(anon)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + dt);
    byOwner.set(ownerOf(frame), (byOwner.get(ownerOf(frame)) ?? 0) + dt);
  });
  const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
  const print = (shares: Map<string, number>) => {
    for (const [name, time] of [...shares.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(((100 * time) / total).toFixed(1).padStart(5), name);
  };
  print(byFunction);
  console.log('--- by package or file');
  print(byOwner);
}
