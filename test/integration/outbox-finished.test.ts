import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DELIVERY_RETENTION_SECONDS } from '../../infra/cosmos/containers.js';
import { CosmosConversationRefRepo } from '../../infra/cosmos/conversations.cosmos-repo.js';
import { CosmosDeliveryQueries } from '../../infra/cosmos/dashboard.cosmos-queries.js';
import { CosmosOutboxRepo } from '../../infra/cosmos/outbox.cosmos-repo.js';
import type { CosmosStore } from '../../infra/cosmos/store.js';
import { OutboxService } from '../../services/outbox/index.js';
import type { Logger } from '../../services/ports/logger.js';
import { TokenBucketRateLimiter } from '../../services/rate-limiter.js';
import { FixedClock } from '../support/fixed-clock.js';
import { openTestStore } from '../support/harness.js';
import { RecordingNotifier } from '../support/memory-outbox.js';

/**
 * A finished delivery (sent, or finally not sent) is stored without its card: the card is never sent
 * again and was most of the record (issue #18). Against the real SDK and the embedded server: what
 * the sender's progress and the dashboard's delivery state read is unchanged, a delivery waiting for
 * a retry keeps its card, and a record stored before the change, card and all, still works.
 */

const P = 'merton';
const BATCH = 'consultation:c-1:open';
const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Neglect strategy 2027: do you agree?' }] };
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

let store: CosmosStore;
let clock: FixedClock;
let notifier: RecordingNotifier;
let outbox: OutboxService;

afterAll(() => store?.dispose());
beforeEach(async () => {
  store?.dispose();
  store = await openTestStore();
  clock = new FixedClock('2026-11-24T10:00:00.000Z');
  notifier = new RecordingNotifier();
  const conversations = new CosmosConversationRefRepo(store.containers.conversations);
  for (const aad of ['aad-a', 'aad-b', 'aad-busy']) {
    await conversations.save({ partnershipId: P, aadObjectId: aad, reference: { conversation: { id: `conv-${aad}` } }, updatedAt: '2026-11-01T00:00:00.000Z' });
  }
  outbox = new OutboxService({
    repo: new CosmosOutboxRepo(store.containers.outbox),
    conversations,
    notifier,
    clock,
    log: quiet,
    limiter: new TokenBucketRateLimiter({ ratePerSecond: 100 }),
    instanceId: 'test',
    random: () => 0.5,
  });
});

/** The stored documents of the batch, as the store holds them. */
async function stored(): Promise<Map<string, Record<string, unknown>>> {
  const { resources } = await store.containers.outbox.items
    .query<Record<string, unknown>>({ query: 'SELECT * FROM c WHERE c.partnershipId = @p AND c.batchId = @b', parameters: [{ name: '@p', value: P }, { name: '@b', value: BATCH }] })
    .fetchAll();
  return new Map(resources.map((d) => [String(d.recipientAad), d]));
}

describe('a finished delivery', () => {
  it('is stored without its card, while one waiting for a retry keeps it; progress and the dashboard read the same', async () => {
    notifier.script('aad-busy', { ok: false, kind: 'throttled', retryAfterMs: 1_000, error: '429' });
    await outbox.enqueue(['aad-a', 'aad-b', 'aad-busy', 'aad-never-opened'].map((recipientAad) => ({ partnershipId: P, batchId: BATCH, recipientAad, card })));
    await outbox.drain();

    let docs = await stored();
    expect(docs.get('aad-a')).toMatchObject({ status: 'sent', ttl: DELIVERY_RETENTION_SECONDS });
    expect(docs.get('aad-never-opened')).toMatchObject({ status: 'unreachable', ttl: DELIVERY_RETENTION_SECONDS });
    for (const aad of ['aad-a', 'aad-b', 'aad-never-opened']) expect(docs.get(aad)).not.toHaveProperty('card');
    expect(docs.get('aad-busy')).toMatchObject({ status: 'pending', card });
    expect(await outbox.progress(P, BATCH)).toEqual({ total: 4, sent: 2, pending: 1, failed: 0, unreachable: 1, blocked: 0, uncertain: 0 });
    const facts = await new CosmosDeliveryQueries(store.containers.outbox).deliveries(P, [BATCH]);
    expect(facts.map((f) => `${f.recipientAad} ${f.channel} ${f.status}`).sort()).toEqual([
      'aad-a teams sent',
      'aad-b teams sent',
      'aad-busy teams pending',
      'aad-never-opened teams unreachable',
    ]);

    // The retry sends the very card it kept, then drops it too.
    clock.advance(2_000);
    await outbox.drain();
    expect(notifier.sent.filter((s) => s.aadObjectId === 'aad-busy').map((s) => s.card)).toEqual([card]);
    docs = await stored();
    expect(docs.get('aad-busy')).toMatchObject({ status: 'sent' });
    expect(docs.get('aad-busy')).not.toHaveProperty('card');
    expect(await outbox.progress(P, BATCH)).toMatchObject({ total: 4, sent: 3, pending: 0, unreachable: 1 });
  });

  it('stored with its card by an earlier version still counts, and loses the card at its next change', async () => {
    // As earlier versions left a sent email: finished, expiring, card kept.
    const old = {
      id: `${BATCH}:aad-old:email`,
      partnershipId: P,
      batchId: BATCH,
      recipientAad: 'aad-old',
      channel: 'email',
      card,
      status: 'sent',
      attempts: 1,
      nextAttemptAt: '2026-06-01T10:00:00.000Z',
      createdAt: '2026-06-01T10:00:00.000Z',
      sentAt: '2026-06-01T10:00:01.000Z',
      mailRef: 'a'.repeat(32),
      ttl: DELIVERY_RETENTION_SECONDS,
    };
    await store.containers.outbox.items.create(old);

    expect(await outbox.progress(P, BATCH)).toMatchObject({ total: 1, sent: 1, email: { total: 1, sent: 1, pending: 0 } });
    const [delivery] = await outbox.deliveries(P, BATCH);
    expect(delivery).toMatchObject({ status: 'sent', card });
    // Nothing due: a finished record is never sent again.
    expect((await outbox.drain()).sent).toBe(0);

    // A late non-delivery report marks it bounced (the same replace the late-bounce job makes).
    const repo = new CosmosOutboxRepo(store.containers.outbox);
    expect(await repo.replaceIfUnchanged({ ...delivery!, status: 'bounced', lastError: 'late-ndr: undeliverable', bouncedLateAt: '2026-06-02T09:00:00.000Z' })).toBeDefined();
    const doc = (await stored()).get('aad-old');
    expect(doc).toMatchObject({ status: 'bounced', ttl: DELIVERY_RETENTION_SECONDS });
    expect(doc).not.toHaveProperty('card');
    expect(await outbox.progress(P, BATCH)).toMatchObject({ total: 1, failed: 1, email: { bounced: 1, bouncedFor: ['aad-old'] } });
  });
});
