import type { BatchProgress, Delivery, DueDelivery, NewDelivery } from '../ports/outbox.js';
import { settle } from './claims.js';
import { deliverByEmail, Gate } from './deliver-email.js';
import { deliverByTeams } from './deliver-teams.js';
import { notify, pass } from './drain.js';
import { enqueue, progress } from './enqueue.js';
import { DrainState, withDefaults, type DrainReport, type OutboxContext, type OutboxDeps, type ProgressListener } from './types.js';

export { lateBounces, isNonDeliveryReport, type LateBouncePorts, type LateBounceReport, type LateBounces, type DeliveryRecords } from './late-bounces.js';
export { deliveryId, type BatchRef, type DrainReport, type EmailDeliveryDeps, type OutboxDeps, type ProgressListener } from './types.js';

/**
 * The stored outbox every proactive card goes through, by Teams or by email as each person's
 * channel says. Each delivery is claimed (pending → sending, guarded by its ETag) before it is sent
 * and marked sent after, so two instances never send the same one. A claim whose instance died
 * mid-send cannot tell whether the card went out: once its lease has passed it becomes 'uncertain'
 * and is never resent, so nobody is messaged twice. Throttled and transient failures are retried
 * with backoff; sending is paced by the rate limiters.
 */
export class OutboxService {
  private readonly ctx: OutboxContext;
  private readonly listeners: ProgressListener[] = [];
  private readonly mailGate: Gate;
  private running?: Promise<DrainReport>;
  private again = false;

  constructor(deps: OutboxDeps) {
    this.ctx = withDefaults(deps);
    this.mailGate = new Gate(deps.email?.concurrency ?? 4);
  }

  /** Stores one pending delivery per recipient and channel; enqueuing the same batch again creates nothing new. */
  enqueue(items: NewDelivery[]): Promise<{ created: number }> {
    return enqueue(this.ctx, items);
  }

  /** Called after each drain (and every few seconds during a long one) with the batches it changed. */
  onProgress(listener: ProgressListener): void {
    this.listeners.push(listener);
  }

  progress(partnershipId: string, batchId: string): Promise<BatchProgress> {
    return progress(this.ctx, partnershipId, batchId);
  }

  /** A batch's deliveries as stored (delivery state per member and channel). */
  deliveries(partnershipId: string, batchId: string): Promise<Delivery[]> {
    return this.ctx.repo.byBatch(partnershipId, batchId);
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
    const started = this.ctx.clock.now().getTime();
    const deadline = opts.maxMs === undefined ? Number.POSITIVE_INFINITY : started + opts.maxMs;
    const drain = new DrainState(started);
    do {
      this.again = false;
      await pass(this.ctx, drain, deadline, (d, state) => this.deliver(d, state), () => notify(this.ctx, this.listeners, drain, false));
    } while (this.again && this.ctx.clock.now().getTime() < deadline);
    await notify(this.ctx, this.listeners, drain, true);
    return { ...drain.report, batches: [...drain.touched.values()] };
  }

  private deliver(d: DueDelivery, drain: DrainState): Promise<void> {
    if (d.channel !== 'email') return deliverByTeams(this.ctx, d, drain);
    if (!this.ctx.email) return settle(this.ctx, d, { status: 'failed', failure: { code: 'email-not-set-up' } }, drain);
    return deliverByEmail(this.ctx, this.ctx.email, this.mailGate, d, drain);
  }
}
