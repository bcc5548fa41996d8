import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

/**
 * Fastify's own validator and serializer compilers (ajv, fast-json-stringify: the factories its
 * docs name for `schemaController.compilersFactory`), each route's schemas compiled on the route's
 * first use instead of at start: compiling the ~120 routes' schemas was a quarter of start-up's
 * CPU, for routes most processes (the CLI, a worker's health, a start that is only restarted)
 * never answer. What is compiled, and every answer, stay as they were.
 */
type Compiled = ((data: unknown) => unknown) & { errors?: unknown };

/** Compilations not done yet, per app: `warmUp` works through them when the service has started. */
export type Pending = Set<() => void>;

function lazily<S>(compile: (schema: S) => Compiled, pending: Pending): (schema: S) => Compiled {
  return (schema) => {
    let compiled: Compiled | undefined;
    const ensure = () => {
      pending.delete(ensure);
      return (compiled ??= compile(schema));
    };
    pending.add(ensure);
    const run = ((data: unknown) => (compiled ?? ensure())(data)) as Compiled;
    // Fastify reads a failed validation's errors from the function it was given.
    Object.defineProperty(run, 'errors', { get: () => compiled?.errors });
    return run;
  };
}

export function lazyCompilersFactory(pending: Pending = new Set()) {
  const buildValidator = AjvCompiler();
  const buildSerializer = SerializerSelector();
  return {
    buildValidator: (...args: Parameters<typeof buildValidator>) => lazily(buildValidator(...args) as (schema: unknown) => Compiled, pending),
    buildSerializer: (...args: Parameters<typeof buildSerializer>) => lazily(buildSerializer(...args) as (schema: unknown) => Compiled, pending),
  };
}

/**
 * Compiles what is still pending, a few milliseconds a step, once the service listens: a route's
 * first request would otherwise compile its schemas in the middle of traffic (the poster routes'
 * took ~90 ms, which /healthz waited out, #36). Start-up stays as fast (`afterMs` lets the first
 * requests after listening go first: the first compilation also builds ajv itself), and each
 * step waits for room (`whenRoom`: the app's RequestPressure, so requests go first — a
 * compilation can outlast the budget); a request for a route not reached yet compiles it then,
 * as before. Resolves when done.
 */
export function warmUp(
  pending: Pending,
  { budgetMs = 3, afterMs = 0, whenRoom = (step: () => void) => void setImmediate(step) }: { budgetMs?: number; afterMs?: number; whenRoom?: (step: () => void) => void } = {},
): Promise<void> {
  return new Promise((resolve) => {
    const step = () => {
      const until = performance.now() + budgetMs;
      for (const compile of pending) {
        compile();
        if (performance.now() >= until) break;
      }
      if (pending.size === 0) resolve();
      else whenRoom(step);
    };
    if (afterMs > 0) setTimeout(() => whenRoom(step), afterMs).unref();
    else whenRoom(step);
  });
}
