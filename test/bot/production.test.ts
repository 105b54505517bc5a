import express from 'express';
import { generateKeyPair, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startQuorum } from '../../app/start.js';
import { loadConfig } from '../../infra/config.js';
import { Directory } from '../../services/domain/directory.js';
import { CosmosConsultationRepo } from '../../infra/cosmos/consultations.cosmos-repo.js';
import type { Logger } from '../../services/ports/logger.js';
import { cardAction, installed, message, post, TENANT, type TeamsUser } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { FixedClock } from '../support/fixed-clock.js';
import { azureModeEnv, recordingLog, startTestQuorum, type TestQuorum } from '../support/harness.js';

const APP_ID = '6f1c2d3e-0000-4000-8000-00000000a991';
const FOREIGN_TENANT = '99999999-9999-4999-8999-999999999999';

const userFor = (q: TestQuorum, personId: string): TeamsUser => {
  const p = new Directory(q.partnership).person(personId)!;
  return { id: `u-${personId}`, aadObjectId: p.aadObjectId, name: p.displayName };
};

async function postWith(url: string, body: unknown, authorization?: string) {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

describe('production mode: every request must carry a Bot Framework token', () => {
  const clock = new FixedClock('2026-11-24T10:00:00.000Z');
  let q: TestQuorum;
  let consultationId: string;
  const answers = () => new CosmosConsultationRepo(q.quorum.store.containers.consultations).listAnswers(q.partnership.id, consultationId);

  beforeAll(async () => {
    q = await startTestQuorum({
      clock,
      env: azureModeEnv(APP_ID),
    });
    // An open consultation to the board, sent by the manager through the service (not over HTTP).
    const manager = (await q.quorum.directory.findActor(userFor(q, 'p-mscb-manager').aadObjectId))!;
    consultationId = randomUUID();
    await q.quorum.consultations.preview(manager, {
      formId: consultationId,
      title: 'Neglect strategy',
      ask: 'Agree the strategy.',
      bodyId: 'mscb-board',
      deadlineDate: '2026-12-04',
      deadlineTime: '17:00',
    });
    await q.quorum.consultations.send(manager, consultationId);
  });
  afterAll(() => q.stop());

  const nothingStored = async (personId: string) => {
    const user = userFor(q, personId);
    expect(await q.quorum.conversations.get(q.partnership.id, user.aadObjectId)).toBeUndefined();
    expect(await q.quorum.conversations.list(q.partnership.id)).toEqual([]);
    const stored = await answers();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((a) => a.choice === 'none' && a.history.length === 0)).toBe(true);
    expect(q.connector.sent.filter((s) => s.conversationId === `personal-${user.id}`)).toEqual([]);
  };

  it('refuses a message with no Authorization header, and stores nothing', async () => {
    const res = await postWith(q.url, message(userFor(q, 'p-cafcass'), q.connector.url, 'whoami'));
    expect(res.status).toBe(401);
    await nothingStored('p-cafcass');
  });

  it('refuses a token that is not a JWT', async () => {
    const res = await postWith(q.url, installed(userFor(q, 'p-cafcass'), q.connector.url), 'Bearer not-a-token');
    expect(res.status).toBe(401);
    await nothingStored('p-cafcass');
  });

  it('refuses a well-formed token from an issuer other than the Bot Framework', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ serviceurl: q.connector.url })
      .setProtectedHeader({ alg: 'RS256', kid: 'attacker' })
      .setIssuer('https://login.attacker.example/')
      .setAudience(APP_ID)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const res = await postWith(q.url, message(userFor(q, 'p-cafcass'), q.connector.url, 'whoami'), `Bearer ${forged}`);
    expect(res.status).toBe(401);
    await nothingStored('p-cafcass');
  });

  it('records no answer from an unauthenticated card action', async () => {
    const res = await postWith(
      q.url,
      cardAction(userFor(q, 'p-cafcass'), q.connector.url, 'consultation.respond', { consultationId, agencyId: 'cafcass', choice: 'agree' }),
    );
    expect(res.status).toBe(401);
    expect((await answers()).find((a) => a.agencyId === 'cafcass')).toMatchObject({ choice: 'none', history: [] });
    await nothingStored('p-cafcass');
  });

  it('still serves health and readiness without a token', async () => {
    expect((await fetch(`${q.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${q.url}/readyz`)).status).toBe(200);
  });
});

describe('activities from another tenant', () => {
  const log = recordingLog();
  let q: TestQuorum;

  beforeAll(async () => {
    // Local mode (no Bot Framework auth) with a tenant configured: the tenant is still enforced.
    q = await startTestQuorum({ log, env: { MICROSOFT_APP_TENANT_ID: TENANT } });
  });
  afterAll(() => q.stop());
  beforeEach(() => {
    q.connector.reset();
    log.entries.length = 0;
  });

  const foreign = (a: Record<string, unknown>) => ({
    ...a,
    conversation: { ...(a.conversation as object), tenantId: FOREIGN_TENANT },
    channelData: { tenant: { id: FOREIGN_TENANT } },
  });
  const refusedLogged = () =>
    log.entries.some((e) => e.level === 'warn' && e.message === 'activity from a foreign tenant refused' && e.fields.tenantId === FOREIGN_TENANT);

  it('get no reply to a message, are logged, and store nothing', async () => {
    const user = userFor(q, 'p-cafcass');
    const res = await post(q.url, foreign(message(user, q.connector.url, 'whoami')));
    expect(res.status).toBe(200);
    expect(q.connector.sent).toEqual([]);
    expect(refusedLogged()).toBe(true);
    expect(await q.quorum.conversations.get(q.partnership.id, user.aadObjectId)).toBeUndefined();
  });

  it('store no conversation on install', async () => {
    const user = userFor(q, 'p-cafcass');
    await post(q.url, foreign(installed(user, q.connector.url)));
    expect(q.connector.sent).toEqual([]);
    expect(refusedLogged()).toBe(true);
    expect(await q.quorum.conversations.list(q.partnership.id)).toEqual([]);
  });

  it('get a refusal card for a card action, and nothing is recorded', async () => {
    const manager = userFor(q, 'p-mscb-manager');
    const res = await post(q.url, foreign(cardAction(manager, q.connector.url, 'person.remove', { personId: 'p-cafcass' })));
    expect(res.status).toBe(200);
    expect(cardText(res.body.value)).toContain('not served by this Quorum');
    expect(refusedLogged()).toBe(true);
    expect(new Directory(q.partnership).person('p-cafcass')).toBeDefined();
    expect((await q.quorum.directory.directory(q.partnership.id)).person('p-cafcass')).toBeDefined();
    expect(await q.quorum.conversations.list(q.partnership.id)).toEqual([]);
  });

  it('are refused when they name no tenant at all', async () => {
    const user = userFor(q, 'p-cafcass');
    const a = message(user, q.connector.url, 'whoami') as Record<string, unknown>;
    const res = await post(q.url, { ...a, conversation: { id: 'personal-x', conversationType: 'personal' }, channelData: {} });
    expect(res.status).toBe(200);
    expect(q.connector.sent).toEqual([]);
    expect(log.entries.some((e) => e.message === 'activity from a foreign tenant refused')).toBe(true);
  });

  it('while our own tenant is served as usual', async () => {
    const user = userFor(q, 'p-cafcass');
    await post(q.url, message(user, q.connector.url, 'whoami'));
    expect(cardText(q.connector.cardsTo(`personal-${user.id}`)[0])).toContain(user.name);
    expect(await q.quorum.conversations.get(q.partnership.id, user.aadObjectId)).toBeDefined();
    expect(refusedLogged()).toBe(false);
  });
});

describe('graceful shutdown', () => {
  let dataDir: string;
  let slowConnector: Server;
  let events: string[];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'quorum-stop-'));
    events = [];
    const app = express();
    app.use(express.json());
    app.post('/v3/conversations/:id/activities{/:replyTo}', (_req, res) => {
      events.push('send started');
      setTimeout(() => {
        events.push('send finished');
        res.json({ id: 'activity-slow' });
      }, 1500);
    });
    slowConnector = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => slowConnector.close(() => resolve()));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stops HTTP, then the scheduler, then lets the outbox finish its send, then closes the store', async () => {
    const quiet = recordingLog();
    const log: Logger = {
      ...quiet,
      info: (fields, msg) => {
        if (msg === 'stopped') events.push(`stopped ${String(fields.part)}`);
        quiet.info(fields, msg);
      },
    };
    const config = loadConfig({ PORT: String(await freePort()), DATA_DIR: dataDir, PLAYGROUND: 'false', JOBS_ENABLED: 'true' });
    const running = await startQuorum(config, { log });
    const partnership = (await running.quorum.directory.directories())[0]!.partnership;
    const person = partnership.people.find((p) => p.id === 'p-cafcass')!;
    await running.quorum.conversations.save({
      partnershipId: partnership.id,
      aadObjectId: person.aadObjectId,
      reference: {
        channelId: 'msteams',
        serviceUrl: `http://127.0.0.1:${(slowConnector.address() as AddressInfo).port}`,
        conversation: { id: 'conv-slow', conversationType: 'personal' },
        user: { id: 'u-slow', aadObjectId: person.aadObjectId },
        bot: { id: 'bot', name: 'Quorum' },
      },
      updatedAt: new Date().toISOString(),
    });
    await running.quorum.outbox.enqueue([
      { partnershipId: partnership.id, batchId: 'shutdown-test', recipientAad: person.aadObjectId, card: { type: 'AdaptiveCard', version: '1.5', body: [] } },
    ]);
    running.quorum.startOutbox().kick();
    await until(() => events.includes('send started'));

    await running.stop();

    expect(events).toEqual([
      'send started',
      'stopped http',
      'stopped scheduler',
      'send finished',
      'stopped outbox',
      'stopped store',
      'stopped embedded store',
    ]);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
