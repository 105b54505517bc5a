import { beforeEach, describe, expect, it } from 'vitest';
import { OutboxService, deliveryId, type BatchRef, type OutboxDeps } from '../../../services/outbox/index.js';
import type { NewDelivery } from '../../../services/ports/outbox.js';
import type { Logger } from '../../../services/ports/logger.js';
import type { MailRecipient } from '../../../services/ports/email.js';
import { DomainError } from '../../../services/domain/errors.js';
import { directoryRecipients } from '../../../services/outbox/recipients.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { MemoryConversationRefRepo, MemoryOutboxRepo, RecordingNotifier } from '../../support/memory-outbox.js';

const P = 'merton';
const BATCH = 'consultation:c1:open';
const START = '2026-11-24T09:00:00.000Z';
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Please respond' }] };

let clock: FixedClock;
let repo: MemoryOutboxRepo;
let conversations: MemoryConversationRefRepo;
let notifier: RecordingNotifier;

beforeEach(() => {
  clock = new FixedClock(START);
  repo = new MemoryOutboxRepo();
  conversations = new MemoryConversationRefRepo();
  notifier = new RecordingNotifier();
});

function outbox(overrides: Partial<OutboxDeps> = {}): OutboxService {
  return new OutboxService({
    repo,
    conversations,
    notifier,
    clock,
    log: quiet,
    limiter: { acquire: async () => undefined },
    instanceId: 'instance-a',
    random: () => 1,
    ...overrides,
  });
}

const recipients = (n: number) => Array.from({ length: n }, (_, i) => `aad-${String(i).padStart(4, '0')}`);
const items = (aads: string[], batchId = BATCH): NewDelivery[] =>
  aads.map((recipientAad) => ({ partnershipId: P, batchId, recipientAad, card }));

describe('OutboxService.enqueue', () => {
  it('creates one pending delivery per recipient, however often the batch is enqueued', async () => {
    const service = outbox();
    expect(await service.enqueue(items(['AAD-1', 'aad-2', 'aad-1']))).toEqual({ created: 2 });
    expect(await service.enqueue(items(['aad-1', 'aad-2']))).toEqual({ created: 0 });
    expect(repo.items.size).toBe(2);
    const d = repo.get(deliveryId(BATCH, 'aad-1'))!;
    expect(d).toMatchObject({ id: `${BATCH}:aad-1`, status: 'pending', attempts: 0, nextAttemptAt: START, createdAt: START });
  });

  it('refuses the whole batch when the directory cannot be read, rather than send an email-only member by Teams', async () => {
    let directoryUp = false;
    const mailed = new Map<string, MailRecipient>([['aad-mail', { personId: 'p-mail', displayName: 'Borough Commander', email: 'bc@police.example', channel: 'email' }]]);
    const lookups = directoryRecipients({
      directory: async () => {
        if (!directoryUp) throw new Error('store unavailable');
        return { personByAad: (aad: string) => (mailed.has(aad) ? { id: 'p-mail', displayName: 'Borough Commander', email: 'bc@police.example', channel: 'email' } : undefined) } as never;
      },
    });
    const service = outbox({
      email: {
        recipients: lookups,
        cards: { intents: () => [], render: () => ({ subject: 's', html: 'h', text: 't' }), bounced: () => card },
        links: { linksFor: async () => new Map() },
        mailer: { send: async () => ({ ok: true }) },
        limiter: { acquire: async () => undefined },
      },
    });
    const refused = await service.enqueue(items(['aad-mail', 'aad-teams'])).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'OUTBOX.DIRECTORY_UNAVAILABLE', kind: 'unavailable' });
    expect(repo.items.size).toBe(0);

    directoryUp = true;
    expect(await service.enqueue(items(['aad-mail', 'aad-teams']))).toEqual({ created: 2 });
    expect(repo.get(deliveryId(BATCH, 'aad-mail', 'email'))).toMatchObject({ channel: 'email', status: 'pending' });
    expect(repo.get(deliveryId(BATCH, 'aad-mail'))).toBeUndefined();
    expect(repo.get(deliveryId(BATCH, 'aad-teams'))).toMatchObject({ status: 'pending' });

    // The directory fails again while the email is due: the delivery waits, and goes once it is back.
    directoryUp = false;
    await service.drain();
    expect(repo.get(deliveryId(BATCH, 'aad-mail', 'email'))).toMatchObject({ status: 'pending' });
    directoryUp = true;
    await service.drain();
    expect(repo.get(deliveryId(BATCH, 'aad-mail', 'email'))).toMatchObject({ status: 'sent' });
  });

  it('refuses ids the store could not hold', () => {
    expect(() => deliveryId('a/b', 'x')).toThrow();
  });
});

describe('OutboxService.drain', () => {
  it('sends each pending delivery once and records the activity id', async () => {
    const aads = recipients(40);
    await conversations.add(P, ...aads);
    const service = outbox();
    await service.enqueue(items(aads));
    const report = await service.drain();
    expect(report).toMatchObject({ sent: 40, retried: 0, failed: 0, unreachable: 0, blocked: 0, uncertain: 0 });
    expect(report.batches).toEqual([{ partnershipId: P, batchId: BATCH }]);
    expect([...notifier.counts().values()].every((n) => n === 1)).toBe(true);
    expect(notifier.counts().size).toBe(40);
    const d = repo.get(deliveryId(BATCH, aads[0]!))!;
    expect(d).toMatchObject({ status: 'sent', attempts: 1, sentAt: START, claimedBy: 'instance-a' });
    expect(d.activityId).toMatch(/^activity-/);
    expect(await service.drain()).toMatchObject({ sent: 0 });
    expect(notifier.sent).toHaveLength(40);
  });

  it('lists people who never opened the bot as unreachable, and skips known-blocked conversations', async () => {
    await conversations.add(P, 'aad-ok', 'aad-blocked');
    await conversations.markUnreachable(P, 'aad-blocked', 'uninstalled');
    const service = outbox();
    await service.enqueue(items(['aad-ok', 'aad-never', 'aad-blocked']));
    const report = await service.drain();
    expect(report).toMatchObject({ sent: 1, unreachable: 1, blocked: 1 });
    expect(repo.get(deliveryId(BATCH, 'aad-never'))).toMatchObject({ status: 'unreachable', failure: { code: 'no-conversation' } });
    expect(repo.get(deliveryId(BATCH, 'aad-blocked'))).toMatchObject({ status: 'blocked', failure: { code: 'conversation-blocked', marked: 'uninstalled' } });
    expect(notifier.attempts.get('aad-never')).toBeUndefined();
    expect(notifier.attempts.get('aad-blocked')).toBeUndefined();
  });

  it('honours Retry-After on 429 and sends later, never dropping the delivery', async () => {
    await conversations.add(P, 'aad-1', 'aad-2');
    notifier.script('aad-1', { ok: false, kind: 'throttled', retryAfterMs: 30_000, error: '429' });
    const service = outbox();
    await service.enqueue(items(['aad-1', 'aad-2']));

    expect(await service.drain()).toMatchObject({ sent: 1, retried: 1 });
    const waiting = repo.get(deliveryId(BATCH, 'aad-1'))!;
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: '2026-11-24T09:00:30.000Z' });
    expect(waiting.claimedBy).toBeUndefined();
    expect(waiting.failure).toEqual({ code: 'transport', kind: 'throttled', detail: '429' });

    clock.advance(29_000);
    expect(await service.drain()).toMatchObject({ sent: 0 });
    clock.advance(1_000);
    expect(await service.drain()).toMatchObject({ sent: 1 });
    expect(repo.get(deliveryId(BATCH, 'aad-1'))).toMatchObject({ status: 'sent', attempts: 2 });
    expect(repo.get(deliveryId(BATCH, 'aad-1'))?.failure).toBeUndefined();
    expect(notifier.counts().get('aad-1')).toBe(1);
  });

  it('retries 5xx with exponential backoff', async () => {
    await conversations.add(P, 'aad-1');
    const transient = { ok: false as const, kind: 'transient' as const, error: '503' };
    notifier.script('aad-1', transient, transient, transient);
    const service = outbox({ backoffBaseMs: 1_000 });
    await service.enqueue(items(['aad-1']));
    const id = deliveryId(BATCH, 'aad-1');
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(await service.drain()).toMatchObject({ retried: 1 });
      const next = Date.parse(repo.get(id)!.nextAttemptAt) - clock.now().getTime();
      delays.push(next);
      clock.advance(next);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000]);
    expect(await service.drain()).toMatchObject({ sent: 1 });
    expect(repo.get(id)).toMatchObject({ status: 'sent', attempts: 4 });
  });

  it('keeps backoff between half and all of each step, and caps it', async () => {
    await conversations.add(P, 'aad-1');
    notifier.script('aad-1', ...Array.from({ length: 10 }, () => ({ ok: false as const, kind: 'transient' as const, error: '500' })));
    const service = outbox({ random: () => 0, backoffBaseMs: 1_000, backoffCapMs: 8_000, maxAttempts: 20 });
    await service.enqueue(items(['aad-1']));
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      await service.drain();
      const next = Date.parse(repo.get(deliveryId(BATCH, 'aad-1'))!.nextAttemptAt) - clock.now().getTime();
      delays.push(next);
      clock.advance(next);
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000]);
  });

  it('gives up after maxAttempts and marks the delivery failed', async () => {
    await conversations.add(P, 'aad-1');
    notifier.script('aad-1', ...Array.from({ length: 10 }, () => ({ ok: false as const, kind: 'transient' as const, error: '502' })));
    const service = outbox({ maxAttempts: 3 });
    await service.enqueue(items(['aad-1']));
    const reports = [];
    for (let i = 0; i < 5; i++) {
      reports.push(await service.drain());
      clock.advance(120_000);
    }
    expect(reports.map((r) => [r.retried, r.failed])).toEqual([[1, 0], [1, 0], [0, 1], [0, 0], [0, 0]]);
    expect(repo.get(deliveryId(BATCH, 'aad-1'))).toMatchObject({ status: 'failed', attempts: 3 });
    expect(repo.get(deliveryId(BATCH, 'aad-1'))?.failure).toEqual({ code: 'transport', kind: 'transient', detail: '502' });
    expect(notifier.attempts.get('aad-1')).toBe(3);
  });

  it('marks the conversation unreachable when Teams says blocked (403) or not found (404)', async () => {
    await conversations.add(P, 'aad-blocker', 'aad-gone', 'aad-bad');
    notifier.script('aad-blocker', { ok: false, kind: 'blocked', error: '403' });
    notifier.script('aad-gone', { ok: false, kind: 'not-found', error: '404' });
    notifier.script('aad-bad', { ok: false, kind: 'permanent', error: '400' });
    const service = outbox();
    await service.enqueue(items(['aad-blocker', 'aad-gone', 'aad-bad']));
    expect(await service.drain()).toMatchObject({ blocked: 2, failed: 1, retried: 0 });
    expect(repo.get(deliveryId(BATCH, 'aad-blocker'))?.status).toBe('blocked');
    expect(repo.get(deliveryId(BATCH, 'aad-gone'))?.status).toBe('blocked');
    expect(repo.get(deliveryId(BATCH, 'aad-bad'))).toMatchObject({ status: 'failed', attempts: 1, failure: { code: 'transport', kind: 'permanent', detail: '400' } });
    expect(repo.get(deliveryId(BATCH, 'aad-gone'))?.failure).toEqual({ code: 'transport', kind: 'not-found', detail: '404' });
    expect(conversations.marked).toEqual(
      expect.arrayContaining([
        { partnershipId: P, aadObjectId: 'aad-blocker', reason: 'blocked' },
        { partnershipId: P, aadObjectId: 'aad-gone', reason: 'uninstalled' },
      ]),
    );
    expect(conversations.marked).toHaveLength(2);
    // The next batch does not even try them.
    await service.enqueue(items(['aad-blocker', 'aad-gone'], 'reminder:c1:3'));
    expect(await service.drain()).toMatchObject({ blocked: 2 });
    expect(notifier.attempts.get('aad-blocker')).toBe(1);
  });

  it('paces each send through the limiter, keyed by conversation', async () => {
    await conversations.add(P, 'AAD-1', 'aad-2');
    const keys: string[] = [];
    const service = outbox({ limiter: { acquire: async (key) => void keys.push(key) } });
    await service.enqueue(items(['AAD-1', 'aad-2', 'aad-3']));
    await service.drain();
    expect(keys.sort()).toEqual([`${P}:aad-1`, `${P}:aad-2`]);
  });

  it('lets two instances drain the same outbox at once without sending anything twice', async () => {
    const aads = recipients(300);
    await conversations.add(P, ...aads);
    await outbox().enqueue(items(aads));
    const a = outbox({ instanceId: 'instance-a' });
    const b = outbox({ instanceId: 'instance-b' });
    const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
    expect(ra.sent + rb.sent).toBe(300);
    expect(ra.sent).toBeGreaterThan(0);
    expect(rb.sent).toBeGreaterThan(0);
    expect(notifier.sent).toHaveLength(300);
    expect([...notifier.counts().values()].every((n) => n === 1)).toBe(true);
    expect(repo.statuses()).toEqual({ sent: 300 });
  });

  it('never resends a delivery whose instance hung mid-send: after the lease it is uncertain', async () => {
    const aads = recipients(20);
    await conversations.add(P, ...aads);
    const stuck = aads[7]!;
    const hanging = new RecordingNotifier().hang(stuck);
    const a = outbox({ instanceId: 'instance-a', notifier: hanging, claimLeaseMs: 120_000 });
    await a.enqueue(items(aads));
    void a.drain(); // never finishes: instance A "dies" with one send in flight
    await until(() => hanging.sent.length === 19 && hanging.hung.length === 1);
    expect(repo.get(deliveryId(BATCH, stuck))).toMatchObject({ status: 'sending', claimedBy: 'instance-a' });

    const b = outbox({ instanceId: 'instance-b', claimLeaseMs: 120_000 });
    clock.advance(119_000);
    expect(await b.drain()).toMatchObject({ sent: 0, uncertain: 0 });
    clock.advance(2_000);
    const report = await b.drain();
    expect(report).toMatchObject({ sent: 0, uncertain: 1 });
    expect(report.batches).toEqual([{ partnershipId: P, batchId: BATCH }]);
    expect(repo.get(deliveryId(BATCH, stuck))).toMatchObject({ status: 'uncertain', failure: { code: 'unconfirmed-claim', claimedBy: 'instance-a', claimedAt: expect.any(String) } });
    clock.advance(600_000);
    expect(await b.drain()).toMatchObject({ sent: 0, uncertain: 0 });
    expect(notifier.sent).toHaveLength(0);
    expect(await b.progress(P, BATCH)).toMatchObject({ total: 20, sent: 19, uncertain: 1, pending: 0 });
  });

  it('resumes after an instance died holding claims: the claimed become uncertain, the rest are sent once', async () => {
    const aads = recipients(50);
    await conversations.add(P, ...aads);
    const dead = new RecordingNotifier();
    for (const aad of aads) dead.hang(aad);
    const a = outbox({ instanceId: 'instance-a', notifier: dead, concurrency: 4 });
    await a.enqueue(items(aads));
    void a.drain();
    await until(() => dead.hung.length === 4);

    const b = outbox({ instanceId: 'instance-b' });
    // Within the lease, the survivor sends everything else but leaves the four claims alone.
    expect(await b.drain()).toMatchObject({ sent: 46, uncertain: 0 });
    clock.advance(121_000);
    expect(await b.drain()).toMatchObject({ sent: 0, uncertain: 4 });
    expect(notifier.sent).toHaveLength(46);
    expect([...notifier.counts().values()].every((n) => n === 1)).toBe(true);
    for (const who of dead.hung) {
      expect(notifier.attempts.get(who)).toBeUndefined();
      expect(repo.get(deliveryId(BATCH, who))?.status).toBe('uncertain');
    }
    expect(repo.statuses()).toEqual({ sent: 46, uncertain: 4 });
  });

  it('renews a claim that waited long for the limiter, so no sweep takes it mid-send', async () => {
    await conversations.add(P, 'aad-1');
    const service = outbox({ claimLeaseMs: 120_000, limiter: { acquire: async () => clock.advance(90_000) } });
    await service.enqueue(items(['aad-1']));
    expect(await service.drain()).toMatchObject({ sent: 1 });
    expect(repo.get(deliveryId(BATCH, 'aad-1'))).toMatchObject({ status: 'sent', claimedAt: '2026-11-24T09:01:30.000Z' });
  });

  it('treats a notifier that throws as a transient failure', async () => {
    await conversations.add(P, 'aad-1');
    const service = outbox({
      notifier: {
        send: async () => {
          throw new Error('socket hang up');
        },
        update: async () => ({ ok: true }),
      },
    });
    await service.enqueue(items(['aad-1']));
    expect(await service.drain()).toMatchObject({ retried: 1 });
    expect(repo.get(deliveryId(BATCH, 'aad-1'))?.failure).toEqual({ code: 'transport', kind: 'transient', detail: 'socket hang up' });
  });

  it('joins a drain already running instead of starting a second one', async () => {
    await conversations.add(P, ...recipients(30));
    const service = outbox();
    await service.enqueue(items(recipients(30)));
    const first = service.drain();
    const second = service.drain();
    expect(second).toBe(first);
    expect((await first).sent).toBe(30);
    expect(notifier.sent).toHaveLength(30);
  });
});

describe('OutboxService.progress and onProgress', () => {
  it('counts a batch by status, with deliveries in flight as pending', async () => {
    await conversations.add(P, 'aad-1', 'aad-2', 'aad-3', 'aad-4');
    await conversations.markUnreachable(P, 'aad-4', 'blocked');
    notifier.script('aad-2', { ok: false, kind: 'throttled', retryAfterMs: 5_000, error: '429' });
    notifier.script('aad-3', { ok: false, kind: 'permanent', error: '400' });
    const service = outbox();
    await service.enqueue(items(['aad-1', 'aad-2', 'aad-3', 'aad-4', 'aad-5']));
    await service.enqueue(items(['aad-1'], 'other-batch'));
    expect(await service.progress(P, BATCH)).toEqual({ total: 5, sent: 0, pending: 5, failed: 0, unreachable: 0, blocked: 0, uncertain: 0 });
    await service.drain();
    expect(await service.progress(P, BATCH)).toEqual({ total: 5, sent: 1, pending: 1, failed: 1, unreachable: 1, blocked: 1, uncertain: 0 });
    expect(await service.progress(P, 'nothing')).toMatchObject({ total: 0 });
  });

  it('tells listeners which batches a drain touched, and survives a failing listener', async () => {
    await conversations.add(P, 'aad-1');
    const heard: BatchRef[][] = [];
    const service = outbox();
    service.onProgress(async () => {
      throw new Error('card update failed');
    });
    service.onProgress(async (batches) => void heard.push(batches));
    await service.enqueue([...items(['aad-1']), ...items(['aad-1', 'aad-2'], 'reminder:c1:1')]);
    await service.drain();
    expect(heard).toHaveLength(1);
    expect(heard[0]!.map((b) => b.batchId).sort()).toEqual([BATCH, 'reminder:c1:1']);
    await service.drain();
    expect(heard).toHaveLength(1);
  });

  it('tells listeners every few seconds during a long drain, not only at its end', async () => {
    const aads = recipients(8);
    await conversations.add(P, ...aads);
    const heard: BatchRef[][] = [];
    const service = outbox({
      concurrency: 1,
      pageSize: 2,
      progressEveryMs: 2_000,
      limiter: { acquire: async () => clock.advance(1_000) },
    });
    service.onProgress(async (batches) => void heard.push(batches));
    await service.enqueue(items(aads));
    expect(await service.drain()).toMatchObject({ sent: 8 });
    expect(heard.length).toBeGreaterThanOrEqual(3);
    expect(heard.every((b) => b.length === 1 && b[0]!.batchId === BATCH)).toBe(true);
  });

  it('stops taking new deliveries once maxMs of clock time has passed', async () => {
    const aads = recipients(10);
    await conversations.add(P, ...aads);
    const service = outbox({ concurrency: 1, pageSize: 1, limiter: { acquire: async () => clock.advance(1_000) } });
    await service.enqueue(items(aads));
    expect(await service.drain({ maxMs: 3_000 })).toMatchObject({ sent: 3 });
    expect(await service.drain()).toMatchObject({ sent: 7 });
  });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
