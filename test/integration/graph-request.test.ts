import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requestGraph, type GraphRetry } from '../../infra/graph/graph-request.js';

// The one Graph request helper over real HTTP, against a server that answers from a script.

let server: Server;
let baseUrl: string;
let script: { status: number; headers?: Record<string, string> }[] = [];
let seen: { method?: string; url?: string; authorization?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
    const next = script.shift() ?? { status: 200 };
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    res.end(JSON.stringify(next.status < 300 ? { ok: true } : { error: { code: 'Busy' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  seen = [];
});

const retried = (extra: Partial<GraphRetry> = {}): GraphRetry => ({ statuses: new Set([429, 503]), maxRetries: 3, maxWaitMs: 1_000, ...extra });

describe('requestGraph', () => {
  it('sends the token it is given on every attempt and retries a 429 after its Retry-After', async () => {
    script = [{ status: 429, headers: { 'retry-after': '0' } }, { status: 503, headers: { 'retry-after': '0' } }];
    const retries: number[] = [];
    let tokens = 0;
    const out = await requestGraph({
      baseUrl,
      path: '/users/x',
      token: async () => `t${++tokens}`,
      timeoutMs: 5_000,
      retry: retried({ onRetry: (status) => retries.push(status) }),
    });
    expect(out.kind).toBe('answered');
    expect(out.kind === 'answered' && out.res.status).toBe(200);
    expect(retries).toEqual([429, 503]);
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t3']);
  });

  it('gives back the refusal when the Retry-After is longer than the cap, or the retries are spent, or the status is not retried', async () => {
    script = [{ status: 429, headers: { 'retry-after': '60' } }];
    const long = await requestGraph({ baseUrl, path: '/a', token: async () => 't', timeoutMs: 5_000, retry: retried() });
    expect(long.kind === 'answered' && long.res.status).toBe(429);
    expect(seen).toHaveLength(1);

    script = [{ status: 503, headers: { 'retry-after': '0' } }, { status: 503, headers: { 'retry-after': '0' } }];
    const spent = await requestGraph({ baseUrl, path: '/b', token: async () => 't', timeoutMs: 5_000, retry: retried({ maxRetries: 1 }) });
    expect(spent.kind === 'answered' && spent.res.status).toBe(503);
    expect(seen).toHaveLength(3);

    script = [{ status: 403 }];
    const refused = await requestGraph({ baseUrl, path: '/c', method: 'POST', body: '{}', token: async () => 't', timeoutMs: 5_000, retry: retried() });
    expect(refused.kind === 'answered' && refused.res.status).toBe(403);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/c' });
    expect(seen).toHaveLength(4);
  });

  it('makes one attempt without a retry policy, and says when there is no token or no answer', async () => {
    script = [{ status: 429, headers: { 'retry-after': '0' } }];
    const once = await requestGraph({ baseUrl, path: '/d', token: async () => 't', timeoutMs: 5_000 });
    expect(once.kind === 'answered' && once.res.status).toBe(429);
    expect(seen).toHaveLength(1);

    const noToken = await requestGraph({ baseUrl, path: '/e', token: () => Promise.reject(new Error('no identity')), timeoutMs: 5_000 });
    expect(noToken).toEqual({ kind: 'no-token', reason: 'no identity' });

    const unreachable = await requestGraph({ baseUrl: 'http://127.0.0.1:9', path: '/f', token: async () => 't', timeoutMs: 5_000 });
    expect(unreachable).toMatchObject({ kind: 'unreachable', timedOut: false });
  });
});
