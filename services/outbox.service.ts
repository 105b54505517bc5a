import type { Clock } from './ports/clock.js';
import type { Logger } from './ports/logger.js';
import type { BatchProgress, Delivery, NewDelivery, Notifier, OutboxRepo, SendResult } from './ports/outbox.js';
import type { RateLimiter } from './ports/rate-limiter.js';
import type { ConversationRefRepo } from './ports/repositories.js';

export interface OutboxDeps {
  repo: OutboxRepo;
  conversations: ConversationRefRepo;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
  limiter: RateLimiter;
  /** Recorded on each claim, so an uncertain delivery says which instance lost it. */
  instanceId: string;
  /** Send attempts before a throttled or transient failure becomes final. Default 8. */
  maxAttempts?: number;
  /** A claim older than this was lost with its instance: the delivery becomes uncertain. Default 2 min. */
  claimLeaseMs?: number;
  /** Deliveries in flight at once. Default 16, enough for 50/s at ~300 ms per send. */
  concurrency?: number;
  /** Deliveries fetched per query. Default 100. */
  pageSize?: number;
  /** First retry delay; doubles per attempt, with jitter. Default 1 s. */
  backoffBaseMs?: number;
  /** Longest backoff (a longer Retry-After is still honoured). Default 60 s. */
  backoffCapMs?: number;
  /** How often, at most, progress listeners hear of batches during one drain. Default 2 s. */
  progressEveryMs?: number;
  /** 0..1, for the jitter; tests pin it. */
  random?: () => number;
}

export interface BatchRef {
  partnershipId: string;
  batchId: string;
}

export interface DrainReport {
  sent: number;
  /** Throttled or transient failures put back for a later attempt. */
  retried: number;
  failed: number;
  unreachable: number;
  blocked: number;
  /** Claims found past their lease in this drain, now uncertain and never resent. */
  uncertain: number;
  /** Deliveries another instance took (or changed) first. */
  lostClaims: number;
  /** Deliveries left as they were after an error of our own (store down); the next drain takes them. */
  errors: number;
  /** Every batch this drain changed a delivery of. */
  batches: BatchRef[];
}

export type ProgressListener = (batches: BatchRef[]) => Promise<void>;

/** The deterministic id of a delivery: one per batch and recipient. */
export function deliveryId(batchId: string, recipientAad: string): string {
  const id = `${batchId}:${recipientAad.toLowerCase()}`;
  if (/[/\\?#]/.test(id)) throw new Error(`A batch id or recipient may not contain / \\ ? or #: ${id}`);
  return id;
}

const batchKey = (d: BatchRef) => `${d.partnershipId}\u0000${d.batchId}`;

function without<T extends object>(value: T, ...keys: (keyof T)[]): T {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The stored outbox every proactive card goes through. Each delivery is claimed (pending → sending,
 * guarded by its ETag) before it is sent and marked sent after, so two instances never send the
 * same one. A claim whose instance died mid-send cannot tell whether the card went out: once its
 * lease has passed it becomes 'uncertain' and is never resent, so nobody is messaged twice.
 * Throttled and transient failures are retried with backoff; sending is paced by the RateLimiter.
 */
export class OutboxService {
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly pageSize: number;
  private readonly backoffBaseMs: number;
  private readonly backoffCapMs: number;
  private readonly progressEveryMs: number;
  private readonly random: () => number;
  private readonly listeners: ProgressListener[] = [];
  private running?: Promise<DrainReport>;
  private again = false;

  constructor(private readonly deps: OutboxDeps) {
    this.maxAttempts = deps.maxAttempts ?? 8;
    this.leaseMs = deps.claimLeaseMs ?? 120_000;
    this.concurrency = deps.concurrency ?? 16;
    this.pageSize = deps.pageSize ?? 100;
    this.backoffBaseMs = deps.backoffBaseMs ?? 1_000;
    this.backoffCapMs = deps.backoffCapMs ?? 60_000;
    this.progressEveryMs = deps.progressEveryMs ?? 2_000;
    this.random = deps.random ?? Math.random;
  }

  /** Stores one pending delivery per recipient; enqueuing the same batch again creates nothing new. */
  async enqueue(items: NewDelivery[]): Promise<{ created: number }> {
    const now = this.deps.clock.now().toISOString();
    const byId = new Map<string, Delivery>();
    for (const item of items) {
      const id = deliveryId(item.batchId, item.recipientAad);
      if (byId.has(id)) continue;
      byId.set(id, {
        id,
        partnershipId: item.partnershipId,
        batchId: item.batchId,
        recipientAad: item.recipientAad,
        card: item.card,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      });
    }
    if (byId.size === 0) return { created: 0 };
    return { created: await this.deps.repo.enqueue([...byId.values()]) };
  }

  /** Called after each drain (and every few seconds during a long one) with the batches it changed. */
  onProgress(listener: ProgressListener): void {
    this.listeners.push(listener);
  }

  async progress(partnershipId: string, batchId: string): Promise<BatchProgress> {
    const counts: BatchProgress = { total: 0, sent: 0, pending: 0, failed: 0, unreachable: 0, blocked: 0, uncertain: 0 };
    for (const d of await this.deps.repo.byBatch(partnershipId, batchId)) {
      counts.total++;
      switch (d.status) {
        case 'pending':
        case 'sending':
          counts.pending++;
          break;
        default:
          counts[d.status]++;
      }
    }
    return counts;
  }

  /**
   * Sends everything due, until nothing is due (or `maxMs` of clock time has passed). A call made
   * while a drain is running joins it, and makes it look once more before it ends, so a kick right
   * after an enqueue is never lost.
   */
  drain(opts: { maxMs?: number } = {}): Promise<DrainReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = this.run(opts).finally(() => {
      this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async run(opts: { maxMs?: number }): Promise<DrainReport> {
    const started = this.deps.clock.now().getTime();
    const deadline = opts.maxMs === undefined ? Number.POSITIVE_INFINITY : started + opts.maxMs;
    const drain = new DrainState(started);
    do {
      this.again = false;
      await this.pass(drain, deadline);
    } while (this.again && this.deps.clock.now().getTime() < deadline);
    await this.notify(drain, true);
    return { ...drain.report, batches: [...drain.touched.values()] };
  }

  /** A pool of workers over a queue refilled from the store, oldest due first. */
  private async pass(drain: DrainState, deadline: number): Promise<void> {
    const queue: Delivery[] = [];
    const inFlight = new Set<string>();
    // Guards against a store that keeps returning a delivery we already dealt with (a stale read).
    const handled = new Map<string, string | undefined>();
    let fetching: Promise<number> | undefined;
    // Whether the last fetch suggests more is due; without it we fetch only when the queue runs dry.
    let more = true;

    const fill = (): Promise<number> =>
      (fetching ??= (async () => {
        try {
          const now = this.deps.clock.now();
          if (now.getTime() >= deadline) return 0;
          if (now.getTime() - drain.lastSweep >= this.leaseMs / 4 || !drain.swept) await this.sweep(drain);
          const page = await this.deps.repo.due(now, this.pageSize);
          more = page.length === this.pageSize;
          let added = 0;
          for (const d of page) {
            if (inFlight.has(d.id) || (handled.has(d.id) && handled.get(d.id) === d.etag)) continue;
            inFlight.add(d.id);
            queue.push(d);
            added++;
          }
          void this.notify(drain, false);
          return added;
        } catch (err) {
          more = false;
          this.deps.log.error({ err: message(err) }, 'outbox: could not fetch due deliveries');
          return 0;
        } finally {
          fetching = undefined;
        }
      })());

    const worker = async (): Promise<void> => {
      for (;;) {
        if (queue.length === 0) {
          if ((await fill()) === 0 && queue.length === 0) return;
        } else if (more && queue.length < this.concurrency) {
          void fill();
        }
        const d = queue.shift();
        if (!d) continue;
        try {
          await this.deliver(d, drain);
        } catch (err) {
          drain.report.errors++;
          this.deps.log.error({ deliveryId: d.id, err: message(err) }, 'outbox: delivery left as it was after an error');
        } finally {
          handled.set(d.id, d.etag);
          inFlight.delete(d.id);
        }
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
  }

  private async deliver(d: Delivery, drain: DrainState): Promise<void> {
    const { repo, conversations, notifier, limiter, clock, log, instanceId } = this.deps;
    const conversation = await conversations.get(d.partnershipId, d.recipientAad);
    if (!conversation) {
      await this.settle(d, { status: 'unreachable', lastError: 'no conversation reference: the person has never opened the bot' }, drain);
      return;
    }
    if (conversation.unreachable) {
      await this.settle(d, { status: 'blocked', lastError: `the conversation is marked ${conversation.unreachable}` }, drain);
      return;
    }

    let claimed = await repo.replaceIfUnchanged({ ...d, status: 'sending', claimedBy: instanceId, claimedAt: clock.now().toISOString() });
    if (!claimed) {
      drain.report.lostClaims++;
      return;
    }
    drain.touch(d);

    await limiter.acquire(`${d.partnershipId}:${d.recipientAad.toLowerCase()}`);
    // A claim that waited long for its turn is renewed, so no sweep takes it for a dead one mid-send.
    if (clock.now().getTime() - Date.parse(claimed.claimedAt!) > this.leaseMs / 2) {
      claimed = await repo.replaceIfUnchanged({ ...claimed, claimedAt: clock.now().toISOString() });
      if (!claimed) {
        drain.report.lostClaims++;
        log.warn({ deliveryId: d.id }, 'outbox: claim taken away while waiting to send; not sent');
        return;
      }
    }

    let result: SendResult;
    try {
      result = await notifier.send(conversation, d.card);
    } catch (err) {
      result = { ok: false, kind: 'transient', error: message(err) };
    }

    const next = this.outcome(claimed, result);
    let saved: Delivery | undefined;
    try {
      saved = await repo.replaceIfUnchanged(next);
    } catch (err) {
      // Still 'sending': after its lease it becomes uncertain, which is right for a sent card we could not record.
      log.error({ deliveryId: d.id, status: next.status, err: message(err) }, 'outbox: could not record the outcome of a send');
    }
    if (!saved) {
      log.warn({ deliveryId: d.id, status: next.status }, 'outbox: outcome not recorded, the delivery changed meanwhile');
    }
    switch (next.status) {
      case 'sent':
        drain.report.sent++;
        break;
      case 'pending':
        drain.report.retried++;
        break;
      case 'failed':
        drain.report.failed++;
        log.warn({ deliveryId: d.id, attempts: next.attempts, err: next.lastError }, 'outbox: delivery failed');
        break;
      case 'blocked':
        drain.report.blocked++;
        break;
      default:
        break;
    }
    if (!result.ok && (result.kind === 'blocked' || result.kind === 'not-found')) {
      try {
        await conversations.markUnreachable(d.partnershipId, d.recipientAad, result.kind === 'blocked' ? 'blocked' : 'uninstalled');
      } catch (err) {
        log.warn({ deliveryId: d.id, err: message(err) }, 'outbox: could not mark the conversation unreachable');
      }
    }
  }

  /** Final statuses decided without sending (no conversation, or a conversation known dead). */
  private async settle(d: Delivery, change: Pick<Delivery, 'status' | 'lastError'>, drain: DrainState): Promise<void> {
    const saved = await this.deps.repo.replaceIfUnchanged({ ...d, ...change });
    if (!saved) {
      drain.report.lostClaims++;
      return;
    }
    drain.touch(d);
    if (change.status === 'unreachable') drain.report.unreachable++;
    else drain.report.blocked++;
  }

  private outcome(claimed: Delivery, result: SendResult): Delivery {
    const now = this.deps.clock.now();
    const attempts = claimed.attempts + 1;
    if (result.ok) {
      const sent: Delivery = { ...without(claimed, 'lastError'), attempts, status: 'sent', sentAt: now.toISOString() };
      if (result.activityId) sent.activityId = result.activityId;
      return sent;
    }
    switch (result.kind) {
      case 'throttled':
      case 'transient': {
        if (attempts >= this.maxAttempts) return { ...claimed, attempts, status: 'failed', lastError: `${result.kind}: ${result.error}` };
        const delay = Math.max(result.retryAfterMs ?? 0, this.backoff(attempts));
        return {
          ...without(claimed, 'claimedBy', 'claimedAt'),
          attempts,
          status: 'pending',
          nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
          lastError: `${result.kind}: ${result.error}`,
        };
      }
      case 'blocked':
      case 'not-found':
        return { ...claimed, attempts, status: 'blocked', lastError: `${result.kind}: ${result.error}` };
      case 'permanent':
        return { ...claimed, attempts, status: 'failed', lastError: `${result.kind}: ${result.error}` };
    }
  }

  /** Exponential, capped, with "equal jitter": between half and all of the step. */
  private backoff(attempts: number): number {
    const step = Math.min(this.backoffCapMs, this.backoffBaseMs * 2 ** (attempts - 1));
    return Math.round(step / 2 + (this.random() * step) / 2);
  }

  /** Claims past their lease: the instance died mid-send, so the card may or may not have gone. */
  private async sweep(drain: DrainState): Promise<void> {
    const { clock, log } = this.deps;
    drain.swept = true;
    drain.lastSweep = clock.now().getTime();
    try {
      await this.markStale(drain, new Date(drain.lastSweep - this.leaseMs));
    } catch (err) {
      log.error({ err: message(err) }, 'outbox: could not look for stale claims');
    }
  }

  private async markStale(drain: DrainState, before: Date): Promise<void> {
    const { repo, log } = this.deps;
    for (;;) {
      const stale = await repo.stale(before, this.pageSize);
      let changed = 0;
      for (const d of stale) {
        const saved = await repo.replaceIfUnchanged({
          ...d,
          status: 'uncertain',
          lastError: `claimed by ${d.claimedBy ?? '?'} at ${d.claimedAt ?? '?'} and never confirmed; not resent`,
        });
        if (!saved) continue;
        changed++;
        drain.report.uncertain++;
        drain.touch(d);
        log.warn({ deliveryId: d.id, batchId: d.batchId, claimedBy: d.claimedBy, claimedAt: d.claimedAt }, 'outbox: delivery uncertain, not resent');
      }
      if (stale.length < this.pageSize || changed === 0) return;
    }
  }

  /** Tells listeners which batches changed; one notification at a time, never failing the drain. */
  private async notify(drain: DrainState, final: boolean): Promise<void> {
    const now = this.deps.clock.now().getTime();
    if (!final && (drain.notifying || now - drain.lastNotified < this.progressEveryMs)) return;
    while (drain.notifying) await drain.notifying;
    if (drain.unnotified.size === 0) return;
    const batches = [...drain.unnotified.values()];
    drain.unnotified.clear();
    drain.lastNotified = now;
    drain.notifying = (async () => {
      for (const listener of this.listeners) {
        try {
          await listener(batches);
        } catch (err) {
          this.deps.log.warn({ err: message(err), batches: batches.length }, 'outbox: progress listener failed');
        }
      }
    })().finally(() => {
      drain.notifying = undefined;
    });
    await drain.notifying;
  }
}

class DrainState {
  readonly report: Omit<DrainReport, 'batches'> = {
    sent: 0,
    retried: 0,
    failed: 0,
    unreachable: 0,
    blocked: 0,
    uncertain: 0,
    lostClaims: 0,
    errors: 0,
  };
  readonly touched = new Map<string, BatchRef>();
  readonly unnotified = new Map<string, BatchRef>();
  swept = false;
  lastSweep: number;
  lastNotified: number;
  notifying?: Promise<void>;

  constructor(started: number) {
    this.lastSweep = started;
    this.lastNotified = started;
  }

  touch(d: BatchRef): void {
    const ref = { partnershipId: d.partnershipId, batchId: d.batchId };
    this.touched.set(batchKey(ref), ref);
    this.unnotified.set(batchKey(ref), ref);
  }
}
