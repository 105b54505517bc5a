import { existsSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tabDistDir } from '../../app/tab-api.js';
import { HTTP_ERRORS } from '../../services/domain/errors.js';
import { message, type TeamsUser } from '../support/activities.js';
import { azureModeEnv, recordingLog, startTestQuorum, type TestQuorum } from '../support/harness.js';

const APP_ID = '6f1c2d3e-0000-4000-8000-00000000a919';
const MARK = 'MARK-7f3a9c';

interface Case {
  name: string;
  /** The raw body, built from a valid activity with the connector's URL. */
  body: (valid: Record<string, unknown>) => string;
  contentType?: string;
  status: number;
  code: keyof typeof HTTP_ERRORS;
}

const without = (field: string) => (valid: Record<string, unknown>) => {
  const copy: Record<string, unknown> = { ...valid };
  delete copy[field];
  return JSON.stringify(copy);
};

const CASES: Case[] = [
  { name: 'invalid JSON', body: (v) => JSON.stringify(v).slice(0, -7), status: 400, code: 'REQUEST.INVALID_JSON' },
  { name: 'JSON that is not an object', body: () => `"${MARK}"`, status: 400, code: 'REQUEST.INVALID_JSON' },
  { name: 'an empty body', body: () => '', status: 400, code: 'REQUEST.EMPTY' },
  { name: 'an empty object', body: () => '{}', status: 400, code: 'ACTIVITY.INVALID' },
  { name: 'no type', body: without('type'), status: 400, code: 'ACTIVITY.INVALID' },
  { name: 'an empty type', body: (v) => JSON.stringify({ ...v, type: '' }), status: 400, code: 'ACTIVITY.INVALID' },
  { name: 'no conversation', body: without('conversation'), status: 400, code: 'ACTIVITY.INVALID' },
  { name: 'a conversation with no id', body: (v) => JSON.stringify({ ...v, conversation: { conversationType: 'personal' } }), status: 400, code: 'ACTIVITY.INVALID' },
  { name: 'no from', body: without('from'), status: 400, code: 'ACTIVITY.INVALID' },
  { name: 'no serviceUrl', body: without('serviceUrl'), status: 400, code: 'ACTIVITY.INVALID' },
  { name: 'a serviceUrl that is not a URL', body: (v) => JSON.stringify({ ...v, serviceUrl: MARK }), status: 400, code: 'ACTIVITY.INVALID' },
  { name: 'no channelId', body: without('channelId'), status: 400, code: 'ACTIVITY.INVALID' },
  { name: 'a 5 MB body', body: (v) => JSON.stringify({ ...v, text: MARK.repeat(5 * 1024 * 1024 / MARK.length) }), status: 413, code: 'REQUEST.TOO_LARGE' },
];

const MODES = [
  { mode: 'local', env: {} },
  { mode: 'azure', env: azureModeEnv(APP_ID) },
] as const;

/** What an error body must never contain: stack frames, paths, library names, the input. */
const LEAKS = [/\bat\s+\S+\s+\(/, /\/(work|home|usr|tmp|app)\//, /node_modules/i, /express/i, /botbuilder/i, /body-parser/i, /<html|<pre/i, /TypeError|SyntaxError/, new RegExp(MARK)];

for (const { mode, env } of MODES) {
  describe(`malformed requests to /api/messages (${mode} mode)`, () => {
    const log = recordingLog();
    let q: TestQuorum;
    const user: TeamsUser = { id: 'u-malformed', aadObjectId: '00000000-0000-4000-8000-0000000b0019', name: MARK };

    beforeAll(async () => {
      q = await startTestQuorum({ log, env });
    });
    afterAll(() => q.stop());
    beforeEach(() => {
      q.connector.reset();
      log.entries.length = 0;
    });

    for (const c of CASES) {
      it(`refuses ${c.name} with ${c.status} ${c.code}, quickly, in a small JSON body, and does nothing`, async () => {
        const valid = { ...message(user, q.connector.url, `whoami ${MARK}`), id: MARK } as Record<string, unknown>;
        const started = performance.now();
        const res = await fetch(`${q.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': c.contentType ?? 'application/json' },
          body: c.body(valid),
        });
        const text = await res.text();
        const elapsed = performance.now() - started;

        expect(res.status).toBe(c.status);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(Buffer.byteLength(text)).toBeLessThan(1024);
        expect(JSON.parse(text)).toEqual({ error: { code: c.code, message: HTTP_ERRORS[c.code].message } });
        for (const leak of LEAKS) expect(text).not.toMatch(leak);
        expect(elapsed).toBeLessThan(1000);

        expect(q.connector.sent).toEqual([]);
        expect(q.connector.updated).toEqual([]);
        expect(q.connector.created).toEqual([]);
        expect(await q.quorum.conversations.list(q.partnership.id)).toEqual([]);
        const warnings = log.entries.filter((e) => e.level === 'warn');
        expect(warnings).toHaveLength(1);
        expect(log.entries.filter((e) => e.level === 'error')).toEqual([]);
        expect(JSON.stringify(log.entries)).not.toContain(MARK);
      });
    }

    it('answers an unknown path, or the tab API without a token, with a small JSON error', async () => {
      const requests: [string, string, number][] = [
        ['GET', '/nowhere', 404],
        ['GET', '/api/messages', 404],
        ['PUT', '/api/messages', 404],
        // 503 when the tab is not built in this checkout.
        ['GET', '/tab/nowhere.js', existsSync(tabDistDir()) ? 404 : 503],
        ['GET', '/api/tab/nowhere', 401],
      ];
      for (const [method, path, status] of requests) {
        const res = await fetch(`${q.url}${path}`, { method });
        const text = await res.text();
        expect(res.status, `${method} ${path}`).toBe(status);
        expect(res.headers.get('content-type'), `${method} ${path}`).toMatch(/^application\/json/);
        expect(Buffer.byteLength(text)).toBeLessThan(1024);
        expect(Object.keys(HTTP_ERRORS)).toContain(JSON.parse(text).error.code);
        for (const leak of LEAKS) expect(text).not.toMatch(leak);
      }
    });

    it('still answers a well-formed activity as before', async () => {
      const res = await fetch(`${q.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...message(user, q.connector.url, 'whoami'), type: 'somethingNew' }),
      });
      // Unknown activity types stay quiet: 200 in local mode; in Azure mode a missing token is a JSON 401.
      if (mode === 'local') {
        expect(res.status).toBe(200);
        expect(await res.text()).toBe('');
      } else {
        expect(res.status).toBe(401);
        const text = await res.text();
        expect(JSON.parse(text)).toEqual({ error: { code: 'AUTH.UNAUTHENTICATED', message: HTTP_ERRORS['AUTH.UNAUTHENTICATED'].message } });
        for (const leak of LEAKS) expect(text).not.toMatch(leak);
      }
      expect(q.connector.sent).toEqual([]);
    });
  });
}
