import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailCards } from '../../cards/email/index.js';
import { CosmosConversationRefRepo } from '../../infra/cosmos/conversations.cosmos-repo.js';
import { CosmosOutboxRepo } from '../../infra/cosmos/outbox.cosmos-repo.js';
import type { CosmosStore } from '../../infra/cosmos/store.js';
import { GraphInbox, GraphMailer } from '../../infra/graph/graph-mail.js';
import { startStandInGraph, type StandInGraph } from '../../infra/graph/stand-in-graph.js';
import { TokenBucketRateLimiter } from '../../services/rate-limiter.js';
import { lateBounces, OutboxService } from '../../services/outbox/index.js';
import type { BounceFact, MailRecipient } from '../../services/ports/email.js';
import type { Logger } from '../../services/ports/logger.js';
import type { Delivery } from '../../services/ports/outbox.js';
import { FixedClock } from '../support/fixed-clock.js';
import { openTestStore } from '../support/harness.js';

/**
 * Late non-delivery reports, against the real Cosmos SDK (embedded server) and the stand-in Graph:
 * the outbox sends by Graph sendMail with a Message-ID carrying the delivery's reference; Exchange
 * (the stand-in) later drops a report in the board mailbox; the job reads the inbox through Graph,
 * marks that delivery bounced once and tells the managers once; forged and unrelated messages change
 * nothing; one message that fails is logged and the rest still run.
 */

const TOKEN = 'graph-token-for-late-bounces';
const MAILBOX = 'board@partnership.example';
const PARTNERSHIP = 'merton';
const clock = new FixedClock('2026-11-24T10:00:00.000Z');
const people = new Map<string, MailRecipient>([
  ['aad-gone', { personId: 'p-gone', displayName: 'Head of Service (left)', email: 'gone@agency.example', channel: 'email' }],
  ['aad-here', { personId: 'p-here', displayName: 'Designated Nurse', email: 'here@agency.example', channel: 'email' }],
  ['aad-other', { personId: 'p-other', displayName: 'Borough Commander', email: 'other@agency.example', channel: 'email' }],
]);
const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Neglect strategy 2027', size: 'Large' }] };

let graph: StandInGraph;
let store: CosmosStore;
let repo: CosmosOutboxRepo;
let told: { delivery: Delivery; fact: BounceFact }[];
let errors: string[];
const log: Logger = { debug() {}, info() {}, warn() {}, error: (fields, message) => void errors.push(`${message} ${JSON.stringify(fields)}`) };

beforeAll(async () => {
  graph = await startStandInGraph({ token: TOKEN, users: [] });
});
afterAll(async () => {
  store?.dispose();
  await graph?.stop();
});
beforeEach(async () => {
  store?.dispose();
  store = await openTestStore();
  repo = new CosmosOutboxRepo(store.containers.outbox);
  graph.mail.clear();
  told = [];
  errors = [];
});

async function sendBatch(batchId: string): Promise<Delivery[]> {
  const outbox = new OutboxService({
    repo,
    conversations: new CosmosConversationRefRepo(store.containers.conversations),
    notifier: { send: () => Promise.reject(new Error('no Teams here')), update: () => Promise.reject(new Error('no Teams here')) },
    clock,
    log,
    limiter: new TokenBucketRateLimiter({ ratePerSecond: 100 }),
    instanceId: 'test',
    email: {
      recipients: { lookup: async (_p, aad) => people.get(aad) },
      cards: emailCards,
      links: { linksFor: async () => new Map() },
      mailer: new GraphMailer({ baseUrl: graph.url, mailbox: MAILBOX, token: async () => TOKEN, log }),
      limiter: new TokenBucketRateLimiter({ ratePerSecond: 100 }),
      newRef: () => randomUUID().replace(/-/g, ''),
    },
  });
  await outbox.enqueue([...people.keys()].map((aad) => ({ partnershipId: PARTNERSHIP, batchId, recipientAad: aad, card })));
  await outbox.drain();
  return outbox.deliveries(PARTNERSHIP, batchId);
}

const job = (deliveries = repo as Pick<CosmosOutboxRepo, 'get' | 'replaceIfUnchanged'>) =>
  lateBounces({
    inbox: new GraphInbox({ baseUrl: graph.url, mailbox: MAILBOX, token: async () => TOKEN, log }),
    deliveries,
    recipients: { lookup: async (_p, aad) => people.get(aad) },
    tell: async (delivery, fact) => void told.push({ delivery, fact }),
    clock,
    log,
  });
const mailTo = (address: string) => graph.mail.messages.find((m) => m.to === address)!;

describe('late non-delivery reports', () => {
  it('sends each email with a Message-ID that names its delivery', async () => {
    const sent = await sendBatch('consultation:c1:open');
    expect(sent.every((d) => d.status === 'sent' && /^[0-9a-f]{32}$/.test(d.mailRef ?? ''))).toBe(true);
    const id = mailTo('gone@agency.example').internetMessageId;
    expect(id).toMatch(/^<quorum\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[0-9a-f]{32}@partnership\.example>$/);
    expect(id).toContain(sent.find((d) => d.recipientAad === 'aad-gone')!.mailRef);
  });

  it('marks the delivery a report names bounced, once, and tells the managers once', async () => {
    await sendBatch('consultation:c1:open');
    graph.mail.deliverNdr(mailTo('gone@agency.example'), new Date(Date.now() - 60_000));
    graph.mail.receive({ mailbox: MAILBOX, from: 'chair@agency.example', subject: 'Re: Neglect strategy 2027', text: 'Agreed in principle.' });

    const first = await job().readLateBounces(clock.now());
    expect(first).toMatchObject({ read: 2, reports: 1, bounced: 1, failed: 0 });
    const stored = await repo.byBatch(PARTNERSHIP, 'consultation:c1:open');
    expect(stored.find((d) => d.recipientAad === 'aad-gone')).toMatchObject({ status: 'bounced', failure: { code: 'late-bounce', detail: expect.stringContaining('Undeliverable') }, bouncedLateAt: clock.now().toISOString() });
    expect(stored.filter((d) => d.status === 'sent').map((d) => d.recipientAad).sort()).toEqual(['aad-here', 'aad-other']);
    expect(told).toHaveLength(1);
    expect(told[0]!.fact).toMatchObject({ personName: 'Head of Service (left)', address: 'gone@agency.example', batchId: 'consultation:c1:open', failure: { code: 'late-bounce', detail: expect.stringContaining('Undeliverable') } });

    const again = await job().readLateBounces(clock.now());
    expect(again).toMatchObject({ reports: 1, bounced: 0 });
    expect(told).toHaveLength(1);
  });

  it('ignores a report whose reference does not match what was stored, and one for a mail not sent by Quorum', async () => {
    const sent = await sendBatch('consultation:c2:open');
    const original = mailTo('here@agency.example');
    const forged = original.internetMessageId!.replace(sent.find((d) => d.recipientAad === 'aad-here')!.mailRef!, 'f'.repeat(32));
    graph.mail.deliverNdr({ ...original, internetMessageId: forged });
    graph.mail.deliverNdr({ ...original, internetMessageId: '<CAF=abc@mail.example>' });
    const report = await job().readLateBounces(clock.now());
    expect(report).toMatchObject({ reports: 2, bounced: 0 });
    expect((await repo.byBatch(PARTNERSHIP, 'consultation:c2:open')).every((d) => d.status === 'sent')).toBe(true);
    expect(told).toEqual([]);
  });

  it('follows the inbox page by page (50 a page), so a report behind other mail is still found', async () => {
    await sendBatch('consultation:c5:open');
    graph.mail.deliverNdr(mailTo('gone@agency.example'), new Date(Date.now() - 3_600_000));
    for (let i = 0; i < 60; i++) graph.mail.receive({ mailbox: MAILBOX, from: `member${i}@agency.example`, subject: `Re: item ${i}`, text: 'Thank you.' });
    const inboxReads = () => graph.requests.filter((r) => r.path.includes('/mailFolders/inbox/messages')).length;
    const before = inboxReads();
    expect(await job().readLateBounces(clock.now())).toMatchObject({ read: 61, reports: 1, bounced: 1 });
    expect(inboxReads() - before).toBe(2);
  });

  it('reads only recent messages, and an old report changes nothing', async () => {
    await sendBatch('consultation:c3:open');
    graph.mail.deliverNdr(mailTo('gone@agency.example'), new Date(clock.now().getTime() - 4 * 24 * 3600 * 1000));
    expect(await job().readLateBounces(clock.now())).toMatchObject({ read: 0, bounced: 0 });
  });

  it('isolates each report: one that fails is logged, the others still mark their deliveries', async () => {
    const sent = await sendBatch('consultation:c4:open');
    graph.mail.deliverNdr(mailTo('gone@agency.example'));
    graph.mail.deliverNdr(mailTo('other@agency.example'));
    const broken = sent.find((d) => d.recipientAad === 'aad-gone')!.id;
    const flaky = {
      get: (p: string, id: string) => (id === broken ? Promise.reject(new Error('store unavailable')) : repo.get(p, id)),
      replaceIfUnchanged: (d: Delivery) => repo.replaceIfUnchanged(d),
    };
    expect(await job(flaky).readLateBounces(clock.now())).toMatchObject({ reports: 2, bounced: 1, failed: 1 });
    expect(errors.some((e) => e.includes('could not apply a non-delivery report'))).toBe(true);
    const stored = await repo.byBatch(PARTNERSHIP, 'consultation:c4:open');
    expect(stored.find((d) => d.recipientAad === 'aad-other')!.status).toBe('bounced');
    expect(stored.find((d) => d.recipientAad === 'aad-gone')!.status).toBe('sent');
    // The next run, with the store back, applies the one that failed.
    expect(await job().readLateBounces(clock.now())).toMatchObject({ bounced: 1, failed: 0 });
    expect(told.map((t) => t.fact.address).sort()).toEqual(['gone@agency.example', 'other@agency.example']);
  });
});
