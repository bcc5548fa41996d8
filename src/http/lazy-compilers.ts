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

function lazily<S>(compile: (schema: S) => Compiled): (schema: S) => Compiled {
  return (schema) => {
    let compiled: Compiled | undefined;
    const run = ((data: unknown) => (compiled ??= compile(schema))(data)) as Compiled;
    // Fastify reads a failed validation's errors from the function it was given.
    Object.defineProperty(run, 'errors', { get: () => compiled?.errors });
    return run;
  };
}

export function lazyCompilersFactory() {
  const buildValidator = AjvCompiler();
  const buildSerializer = SerializerSelector();
  return {
    buildValidator: (...args: Parameters<typeof buildValidator>) => lazily(buildValidator(...args) as (schema: unknown) => Compiled),
    buildSerializer: (...args: Parameters<typeof buildSerializer>) => lazily(buildSerializer(...args) as (schema: unknown) => Compiled),
  };
}
