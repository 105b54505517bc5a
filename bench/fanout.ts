import { randomUUID } from 'node:crypto';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { BotbuilderNotifier } from '../bot/botbuilder-notifier.js';
import { CosmosConversationRefRepo } from '../infra/cosmos/conversations.cosmos-repo.js';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../infra/cosmos/embedded.js';
import { CosmosOutboxRepo } from '../infra/cosmos/outbox.cosmos-repo.js';
import { openCosmosStore } from '../infra/cosmos/store.js';
import { OutboxService } from '../services/outbox/index.js';
import type { Logger } from '../services/ports/logger.js';
import type { Notifier } from '../services/ports/outbox.js';
import { TokenBucketRateLimiter } from '../services/rate-limiter.js';
import { FakeConnector } from '../test/support/fake-connector.js';

export interface FanoutOptions {
  /** Default 2,000: the largest consultation fan-out the spec names. */
  recipients?: number;
  /** The send-rate ceiling, per second. Default 50. */
  ratePerSecond?: number;
  /** Share of sends answered 429 in the second run. Default 0.05. */
  throttleShare?: number;
}

interface RunResult {
  sent: number;
  lost: number;
  duplicates: number;
  seconds: number;
  /** Requests that reached the connector (sent + throttled), per second. */
  requestsPerSecond: number;
  throttled: number;
  failed: number;
  warnings: number;
}

const PARTNERSHIP = 'bench';

/**
 * Drains the outbox until the batch has nothing pending (or four times its ideal duration, at least two
 * minutes, have passed), counting throttled answers and failures; the seconds it took.
 */
export async function drainBatch(outbox: OutboxService, partnershipId: string, batchId: string, idealSeconds: number) {
  let throttled = 0;
  let failed = 0;
  const started = Date.now();
  const deadline = started + Math.max(120_000, idealSeconds * 4_000);
  for (;;) {
    const report = await outbox.drain();
    throttled += report.retried;
    failed += report.failed;
    const progress = await outbox.progress(partnershipId, batchId);
    if (progress.pending === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { throttled, failed, seconds: (Date.now() - started) / 1000 };
}
const systemClock = { now: () => new Date() };

/**
 * The outbox at full size: OutboxService over the Cosmos repo on the embedded server, sending
 * through the real CloudAdapter to the fake connector over HTTP, paced by the token bucket.
 * First run: no failures, measures the rate achieved against the ceiling. Second run: a share of
 * sends answered 429 (Retry-After 0 or 1 s), counts deliveries lost and cards sent twice.
 */
export async function benchFanout(opts: FanoutOptions = {}): Promise<string[]> {
  const recipients = opts.recipients ?? 2_000;
  const rate = opts.ratePerSecond ?? 50;
  const share = opts.throttleShare ?? 0.05;
  const cosmos = await startEmbeddedCosmos();
  const connector = await new FakeConnector().start();
  try {
    const clean = await run(cosmos, connector, recipients, rate, 0);
    const throttled = await run(cosmos, connector, recipients, rate, share);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const achieved = clean.sent / clean.seconds;
    return [
      `fanout: ${recipients} recipients, ceiling ${rate}/s, no failures: ${clean.sent} sent in ${clean.seconds.toFixed(1)} s = ` +
        `${achieved.toFixed(1)}/s = ${pct(achieved / rate)} of the ceiling (goal >= 90%); lost ${clean.lost}, duplicates ${clean.duplicates}`,
      `fanout: ${recipients} recipients, ceiling ${rate}/s, ${pct(share)} of sends 429 (Retry-After 0 or 1 s): ` +
        `${throttled.sent} sent in ${throttled.seconds.toFixed(1)} s after ${throttled.throttled} throttled answers; ` +
        `lost ${throttled.lost} (goal 0), duplicates ${throttled.duplicates} (goal 0), failed ${throttled.failed}; ` +
        `${throttled.requestsPerSecond.toFixed(1)} requests/s = ${pct(throttled.requestsPerSecond / rate)} of the ceiling`,
      ...(clean.warnings + throttled.warnings > 0 ? [`fanout: ${clean.warnings + throttled.warnings} warnings or errors logged`] : []),
    ];
  } finally {
    await connector.stop();
    await cosmos.stop();
  }
}

async function run(cosmos: EmbeddedCosmos, connector: FakeConnector, n: number, rate: number, throttleShare: number): Promise<RunResult> {
  connector.reset();
  const store = await openCosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database: `bench-${randomUUID()}` });
  try {
    const conversations = new CosmosConversationRefRepo(store.containers.conversations);
    const ids = Array.from({ length: n }, (_, i) => i);
    await inParallel(ids, 16, (i) =>
      conversations.save({
        partnershipId: PARTNERSHIP,
        aadObjectId: `aad-${i}`,
        reference: {
          channelId: 'msteams',
          serviceUrl: connector.url,
          conversation: { id: `conv-${i}`, conversationType: 'personal' },
          user: { id: `user-${i}`, aadObjectId: `aad-${i}` },
          bot: { id: 'bot', name: 'Quorum' },
        },
        updatedAt: new Date().toISOString(),
      }),
    );

    let warnings = 0;
    const log: Logger = { debug() {}, info() {}, warn: () => void warnings++, error: () => void warnings++ };
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const botNotifier = new BotbuilderNotifier(adapter, '');
    // Half the 429s from the connector's own random failures (Retry-After 0), half queued here with Retry-After 1.
    connector.failRandomly(throttleShare / 2);
    const notifier: Notifier = {
      send(conversation, card) {
        if (throttleShare > 0 && Math.random() < throttleShare / 2) connector.failNext(1, 429, 1);
        return botNotifier.send(conversation, card);
      },
      update: (conversation, activityId, card) => botNotifier.update(conversation, activityId, card),
    };
    const repo = new CosmosOutboxRepo(store.containers.outbox);
    const outbox = new OutboxService({
      repo,
      conversations,
      notifier,
      clock: systemClock,
      log,
      limiter: new TokenBucketRateLimiter({ ratePerSecond: rate }),
      instanceId: 'bench',
    });
    const batchId = `bench:${randomUUID()}`;
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Consultation: please respond' }] };
    await outbox.enqueue(ids.map((i) => ({ partnershipId: PARTNERSHIP, batchId, recipientAad: `aad-${i}`, card })));

    const { throttled, failed, seconds } = await drainBatch(outbox, PARTNERSHIP, batchId, n / rate);

    const cardsPer = new Map<string, number>();
    for (const s of connector.sent) cardsPer.set(s.conversationId, (cardsPer.get(s.conversationId) ?? 0) + 1);
    const lost = ids.filter((i) => !cardsPer.has(`conv-${i}`)).length;
    const duplicates = [...cardsPer.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
    const progress = await outbox.progress(PARTNERSHIP, batchId);
    return {
      sent: progress.sent,
      lost,
      duplicates,
      seconds,
      requestsPerSecond: (connector.sent.length + throttled) / seconds,
      throttled,
      failed,
      warnings,
    };
  } finally {
    store.dispose();
  }
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
