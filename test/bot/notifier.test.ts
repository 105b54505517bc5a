import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BotbuilderNotifier, classifySendError, retryAfter } from '../../bot/botbuilder-notifier.js';
import { CosmosOutboxRepo } from '../../infra/cosmos/outbox.cosmos-repo.js';
import type { CosmosStore } from '../../infra/cosmos/store.js';
import { OutboxService } from '../../services/outbox/index.js';
import type { Logger } from '../../services/ports/logger.js';
import type { StoredConversation } from '../../services/ports/repositories.js';
import { TokenBucketRateLimiter } from '../../services/rate-limiter.js';
import { FakeConnector, cardText } from '../support/fake-connector.js';
import { MemoryConversationRefRepo } from '../support/memory-outbox.js';
import { openTestStore } from '../support/harness.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const card = (text: string) => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }] });

let connector: FakeConnector;
let adapter: CloudAdapter;
let notifier: BotbuilderNotifier;

const conversationFor = (i: number | string, serviceUrl = connector.url): StoredConversation => ({
  partnershipId: 'merton',
  aadObjectId: `aad-${i}`,
  reference: {
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: `conv-${i}`, conversationType: 'personal' },
    user: { id: `user-${i}`, aadObjectId: `aad-${i}` },
    bot: { id: 'bot', name: 'Quorum' },
  },
  updatedAt: '2026-11-24T09:00:00.000Z',
});

beforeAll(async () => {
  connector = await new FakeConnector().start();
  adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  notifier = new BotbuilderNotifier(adapter, '');
});
afterAll(() => connector.stop());
beforeEach(() => connector.reset());

describe('BotbuilderNotifier', () => {
  it('sends a card and returns its activity id', async () => {
    const result = await notifier.send(conversationFor(1), card('Please respond by Friday'));
    expect(result).toEqual({ ok: true, activityId: expect.stringMatching(/^activity-/) });
    const cards = connector.cardsTo('conv-1');
    expect(cards).toHaveLength(1);
    expect(cardText(cards[0])).toBe('Please respond by Friday');
  });

  it('updates a card it sent before', async () => {
    const sent = await notifier.send(conversationFor(1), card('Sending: 0 of 40'));
    const activityId = (sent as { activityId: string }).activityId;
    expect(await notifier.update(conversationFor(1), activityId, card('Sent: 40 of 40'))).toEqual({ ok: true, activityId });
    expect(connector.updated).toHaveLength(1);
    expect(connector.updated[0]!.conversationId).toBe('conv-1');
    expect(cardText(connector.updated[0]!.activity.attachments![0]!.content)).toBe('Sent: 40 of 40');
  });

  it('reports a 429 as throttled with its Retry-After, after a single request', async () => {
    connector.failNext(1, 429, 2);
    const result = await notifier.send(conversationFor(1), card('x'));
    expect(result).toMatchObject({ ok: false, kind: 'throttled', retryAfterMs: 2_000 });
    expect(connector.sent).toHaveLength(0);
    // The connector client did not quietly retry: the next send is the one that gets through.
    expect(await notifier.send(conversationFor(1), card('x'))).toMatchObject({ ok: true });
    expect(connector.sent).toHaveLength(1);
  });

  it('reports a 429 without Retry-After as throttled without a delay', async () => {
    connector.failNext(1, 429);
    const result = await notifier.send(conversationFor(1), card('x'));
    expect(result).toMatchObject({ ok: false, kind: 'throttled' });
    expect((result as { retryAfterMs?: number }).retryAfterMs).toBeUndefined();
  });

  it.each([
    [500, 'transient'],
    [502, 'transient'],
    [503, 'transient'],
    [403, 'blocked'],
    [404, 'not-found'],
    [400, 'permanent'],
    [401, 'permanent'],
  ])('maps HTTP %i to %s', async (status, kind) => {
    connector.failNext(1, status);
    expect(await notifier.send(conversationFor(1), card('x'))).toMatchObject({ ok: false, kind });
    expect(connector.sent).toHaveLength(0);
  });

  it('maps failed updates the same way', async () => {
    connector.failNext(1, 404);
    expect(await notifier.update(conversationFor(1), 'activity-9', card('x'))).toMatchObject({ ok: false, kind: 'not-found' });
  });

  it('still reports failures when the adapter has an onTurnError handler (which would swallow them)', async () => {
    const withHandler = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const handled: unknown[] = [];
    withHandler.onTurnError = async (_ctx, err) => void handled.push(err);
    connector.failNext(1, 403);
    expect(await new BotbuilderNotifier(withHandler, '').send(conversationFor(1), card('x'))).toMatchObject({ ok: false, kind: 'blocked' });
    expect(handled).toEqual([]);
  });

  it('reports an unreachable connector as transient', async () => {
    const result = await notifier.send(conversationFor(1, 'http://127.0.0.1:1'), card('x'));
    expect(result).toMatchObject({ ok: false, kind: 'transient' });
  });

  it('gives up on a connector that never answers after its timeout, as transient', async () => {
    const hanging: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', () => resolve()));
    try {
      const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
      const started = Date.now();
      const result = await new BotbuilderNotifier(adapter, '', { timeoutMs: 300 }).send(conversationFor(1, url), card('x'));
      expect(result).toMatchObject({ ok: false, kind: 'transient' });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = () => Date.parse('2026-11-24T09:00:00.000Z');
    expect(retryAfter({ 'Retry-After': '3' }, now)).toBe(3_000);
    expect(retryAfter(new Map([['retry-after', '0']]), now)).toBe(0);
    expect(retryAfter({ 'retry-after': 'Tue, 24 Nov 2026 09:00:10 GMT' }, now)).toBe(10_000);
    expect(retryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfter(undefined, now)).toBeUndefined();
    expect(classifySendError(new Error('boom'))).toMatchObject({ ok: false, kind: 'transient' });
  });
});

describe('fan-out through the outbox, the embedded store and the connector', () => {
  let store: CosmosStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.dispose());

  it('delivers exactly one card to each of 200 recipients with 5% of sends throttled', async () => {
    const n = 200;
    const conversations = new MemoryConversationRefRepo();
    for (let i = 0; i < n; i++) await conversations.save(conversationFor(i));
    const repo = new CosmosOutboxRepo(store.containers.outbox);
    const outbox = new OutboxService({
      repo,
      conversations,
      notifier,
      clock: { now: () => new Date() },
      log: quiet,
      limiter: new TokenBucketRateLimiter({ ratePerSecond: 500 }),
      instanceId: 'instance-a',
      backoffBaseMs: 50,
    });
    const batchId = 'consultation:c1:open';
    const items = Array.from({ length: n }, (_, i) => ({ partnershipId: 'merton', batchId, recipientAad: `aad-${i}`, card: card(`Card ${i}`) }));
    expect(await outbox.enqueue(items)).toEqual({ created: n });
    expect(await outbox.enqueue(items)).toEqual({ created: 0 });
    connector.failRandomly(0.05);

    let retried = 0;
    const deadline = Date.now() + 25_000;
    for (;;) {
      const report = await outbox.drain();
      retried += report.retried;
      const progress = await outbox.progress('merton', batchId);
      if (progress.pending === 0) break;
      if (Date.now() > deadline) throw new Error(`still pending: ${JSON.stringify(progress)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    expect(retried).toBeGreaterThan(0);
    expect(await outbox.progress('merton', batchId)).toEqual({ total: n, sent: n, pending: 0, failed: 0, unreachable: 0, blocked: 0, uncertain: 0 });
    const perConversation = Array.from({ length: n }, (_, i) => connector.cardsTo(`conv-${i}`));
    expect(perConversation.filter((cards) => cards.length !== 1)).toEqual([]);
    perConversation.forEach((cards, i) => expect(cardText(cards[0])).toBe(`Card ${i}`));
    expect(connector.sent).toHaveLength(n);
    const stored = await repo.byBatch('merton', batchId);
    expect(new Set(stored.map((d) => d.activityId)).size).toBe(n);
  });
});
