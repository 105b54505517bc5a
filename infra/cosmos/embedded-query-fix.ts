import { createRequire } from 'node:module';

/**
 * A fix to a dependency, applied by our own code (there is no patch-package here).
 *
 * @zeit/cosmosdb-query 0.7.2, the query engine of @vercel/cosmosdb-server, compiles every query's
 * FROM clause to `$c.reduce(($, c) => typeof c !== "undefined" ? [...$, { c: c }] : $, [])`, which
 * copies its accumulator once per document: a query costs O(n²) in its container, whatever it
 * returns (a year of outbox records took 25 s). This swaps that step for the linear
 * `filter` + `map` it stands for; results are identical. Product queries use no JOIN, the only
 * other place the engine spreads an accumulator.
 *
 * test/integration/embedded-query-fix.test.ts fails if an upgrade changes the generated code so
 * that the fix no longer applies; drop this file when the upstream engine is linear.
 */
const QUADRATIC_FROM = /\$c\.reduce\(\(\$, (\w+)\) => typeof \1 !== "undefined" \? \[\.\.\.\$, \{\s*\1: \1\s*\}\] : \$, \[\]\)/g;

let applied = false;

/** Resolves modules as the embedded server does, so the fix reaches the engine it actually loads. */
export const serverRequire = createRequire(createRequire(import.meta.url).resolve('@vercel/cosmosdb-server'));

export function linearQueryCode(code: string): string {
  return code.replace(
    QUADRATIC_FROM,
    (_m, alias: string) => `$c.filter((${alias}) => typeof ${alias} !== "undefined").map((${alias}) => ({ ${alias}: ${alias} }))`,
  );
}

/** Makes the embedded query engine linear in its input, for this process. Idempotent. */
export function applyLinearQueryFix(): void {
  if (applied) return;
  const engine = serverRequire('@zeit/cosmosdb-query') as { default: (query: string) => object };
  const proto = Object.getPrototypeOf(engine.default('SELECT * FROM c')) as object;
  const original = Object.getOwnPropertyDescriptor(proto, 'code');
  if (!original?.get) throw new Error('@zeit/cosmosdb-query changed shape: review infra/cosmos/embedded-query-fix.ts');
  const getter = original.get;
  Object.defineProperty(proto, 'code', {
    configurable: true,
    get(this: object) {
      return linearQueryCode(getter.call(this) as string);
    },
  });
  applied = true;
}

/** The code the engine runs for a query: for the test that pins the fix. */
export function compiledQuery(sql: string): string {
  const engine = serverRequire('@zeit/cosmosdb-query') as { default: (query: string) => { code: string } };
  return engine.default(sql).code;
}
