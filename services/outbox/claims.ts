import type { Delivery, DeliveryFailure, SendFailureKind } from '../ports/outbox.js';
import { message, without, type DrainState, type OutboxContext } from './types.js';

/**
 * The steps every channel shares: a delivery is claimed (pending → sending, guarded by its ETag)
 * before it is sent and its outcome recorded after, so two instances never send the same one.
 */

/** Claims a delivery for this instance; undefined when another instance changed it first. */
export async function claim(ctx: OutboxContext, d: Delivery, drain: DrainState): Promise<Delivery | undefined> {
  const claimed = await ctx.repo.replaceIfUnchanged({ ...d, status: 'sending', claimedBy: ctx.instanceId, claimedAt: ctx.clock.now().toISOString() });
  if (!claimed) {
    drain.report.lostClaims++;
    return undefined;
  }
  drain.touch(d);
  return claimed;
}

/** A claim that waited long for its turn is renewed, so no sweep takes it for a dead one mid-send. */
export async function renewIfOld(ctx: OutboxContext, claimed: Delivery, drain: DrainState): Promise<Delivery | undefined> {
  if (ctx.clock.now().getTime() - Date.parse(claimed.claimedAt!) <= ctx.claimLeaseMs / 2) return claimed;
  const renewed = await ctx.repo.replaceIfUnchanged({ ...claimed, claimedAt: ctx.clock.now().toISOString() });
  if (!renewed) {
    drain.report.lostClaims++;
    ctx.log.warn({ deliveryId: claimed.id }, 'outbox: claim taken away while waiting to send; not sent');
  }
  return renewed;
}

/** Records the outcome of a send and counts it. */
export async function record(ctx: OutboxContext, next: Delivery, drain: DrainState): Promise<void> {
  let saved: Delivery | undefined;
  try {
    saved = await ctx.repo.replaceIfUnchanged(next);
  } catch (err) {
    // Still 'sending': after its lease it becomes uncertain, which is right for a sent card we could not record.
    ctx.log.error({ deliveryId: next.id, status: next.status, err: message(err) }, 'outbox: could not record the outcome of a send');
  }
  if (!saved) ctx.log.warn({ deliveryId: next.id, status: next.status }, 'outbox: outcome not recorded, the delivery changed meanwhile');
  drain.count(next.status);
  if (next.status === 'failed') ctx.log.warn({ deliveryId: next.id, attempts: next.attempts, failure: next.failure }, 'outbox: delivery failed');
}

/** Final statuses decided without sending (no conversation, no address, a conversation known dead). */
export async function settle(ctx: OutboxContext, d: Delivery, change: { status: Delivery['status']; failure: DeliveryFailure }, drain: DrainState): Promise<void> {
  const saved = await ctx.repo.replaceIfUnchanged(failedWith({ ...d, status: change.status }, change.failure));
  if (!saved) {
    drain.report.lostClaims++;
    return;
  }
  drain.touch(d);
  drain.count(change.status);
}

export function sentNow(ctx: OutboxContext, claimed: Delivery, activityId?: string): Delivery {
  const sent: Delivery = { ...without(claimed, 'lastError', 'failure'), attempts: claimed.attempts + 1, status: 'sent', sentAt: ctx.clock.now().toISOString() };
  if (activityId) sent.activityId = activityId;
  return sent;
}

/** A throttled or transient failure: another attempt later (after Retry-After, or backoff), or failed once the budget is spent. */
export function retryLater(ctx: OutboxContext, claimed: Delivery, failure: DeliveryFailure, retryAfterMs?: number): Delivery {
  const attempts = claimed.attempts + 1;
  if (attempts >= ctx.maxAttempts) return failedWith({ ...claimed, attempts, status: 'failed' }, failure);
  const delay = Math.max(retryAfterMs ?? 0, backoff(ctx, attempts));
  return failedWith(
    {
      ...without(claimed, 'claimedBy', 'claimedAt'),
      attempts,
      status: 'pending',
      nextAttemptAt: new Date(ctx.clock.now().getTime() + delay).toISOString(),
    },
    failure,
  );
}

export const finalAs = (claimed: Delivery, status: 'blocked' | 'failed' | 'bounced', failure: DeliveryFailure): Delivery =>
  failedWith({ ...claimed, attempts: claimed.attempts + 1, status }, failure);

/** A send the channel (Teams or mail) refused or failed, with its own words kept as the detail. */
export const byTransport = (result: { kind: SendFailureKind; error: string }): DeliveryFailure => ({ code: 'transport', kind: result.kind, detail: result.error });

/** The delivery with why it failed, as a code; words stored by an older version give way to it. */
export const failedWith = (d: Delivery, failure: DeliveryFailure): Delivery => ({ ...without(d, 'lastError'), failure });

/** Exponential, capped, with "equal jitter": between half and all of the step. */
function backoff(ctx: OutboxContext, attempts: number): number {
  const step = Math.min(ctx.backoffCapMs, ctx.backoffBaseMs * 2 ** (attempts - 1));
  return Math.round(step / 2 + (ctx.random() * step) / 2);
}

/** Claims past their lease: the instance died mid-send, so the card may or may not have gone. */
export async function sweep(ctx: OutboxContext, drain: DrainState): Promise<void> {
  drain.swept = true;
  drain.lastSweep = ctx.clock.now().getTime();
  try {
    await markStale(ctx, drain, new Date(drain.lastSweep - ctx.claimLeaseMs));
  } catch (err) {
    ctx.log.error({ err: message(err) }, 'outbox: could not look for stale claims');
  }
}

async function markStale(ctx: OutboxContext, drain: DrainState, before: Date): Promise<void> {
  for (;;) {
    const stale = await ctx.repo.stale(before, ctx.pageSize);
    let changed = 0;
    for (const d of stale) {
      const failure: DeliveryFailure = { code: 'unconfirmed-claim', ...(d.claimedBy ? { claimedBy: d.claimedBy } : {}), ...(d.claimedAt ? { claimedAt: d.claimedAt } : {}) };
      const saved = await ctx.repo.replaceIfUnchanged(failedWith({ ...d, status: 'uncertain' }, failure));
      if (!saved) continue;
      changed++;
      drain.report.uncertain++;
      drain.touch(d);
      ctx.log.warn({ deliveryId: d.id, batchId: d.batchId, claimedBy: d.claimedBy, claimedAt: d.claimedAt }, 'outbox: delivery uncertain, not resent');
    }
    if (stale.length < ctx.pageSize || changed === 0) return;
  }
}
