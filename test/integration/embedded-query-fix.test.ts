import { describe, expect, it } from 'vitest';
import { applyLinearQueryFix, compiledQuery, linearQueryCode, serverRequire } from '../../infra/cosmos/embedded-query-fix.js';

/**
 * The embedded query engine fix (infra/cosmos/embedded-query-fix.ts): it must still apply to the
 * engine version installed, and a query must cost linear time in its container.
 */
describe('the embedded query engine, made linear', () => {
  const queries = [
    'SELECT * FROM c',
    'SELECT TOP @limit * FROM c WHERE c.status = @pending AND c.nextAttemptAt <= @now ORDER BY c.nextAttemptAt',
    'SELECT c.id, c.ref FROM c WHERE c.type = @t AND ARRAY_CONTAINS(@refs, LOWER(c.ref))',
    'SELECT VALUE COUNT(1) FROM c WHERE c.partnershipId = @p',
  ];

  it('finds the quadratic step in the code the installed engine generates, and replaces it', () => {
    for (const sql of queries) {
      applyLinearQueryFix();
      const code = compiledQuery(sql);
      expect(code, sql).not.toContain('[...$');
      expect(code, sql).toContain('$c.filter(');
    }
    expect(linearQueryCode('$c.reduce(($, c) => typeof c !== "undefined" ? [...$, {\n  c: c\n}] : $, [])')).not.toContain('[...$');
  });

  it('answers a query over 40,000 documents in well under a second (the quadratic engine took minutes)', () => {
    applyLinearQueryFix();
    const engine = serverRequire('@zeit/cosmosdb-query') as {
      default: (q: string) => { exec(docs: unknown[], opts: object): { result: unknown[] } };
    };
    const docs = Array.from({ length: 40_000 }, (_, i) => ({ id: `d${i}`, status: i % 100 === 0 ? 'pending' : 'sent', nextAttemptAt: `2026-01-${String((i % 28) + 1).padStart(2, '0')}` }));
    const started = performance.now();
    const { result } = engine
      .default('SELECT * FROM c WHERE c.status = @s ORDER BY c.nextAttemptAt')
      .exec(docs, { parameters: [{ name: '@s', value: 'pending' }] });
    const ms = performance.now() - started;
    expect(result).toHaveLength(400);
    expect(ms).toBeLessThan(1_000);
  });
});
