import type { DueDelivery } from '../ports/outbox.js';
import { sweep } from './claims.js';
import { message, type DrainState, type OutboxContext, type ProgressListener } from './types.js';

export type Deliver = (d: DueDelivery, drain: DrainState) => Promise<void>;

/** A pool of workers over a queue refilled from the store, oldest due first. */
export async function pass(ctx: OutboxContext, drain: DrainState, deadline: number, deliver: Deliver, notify: () => Promise<void>): Promise<void> {
  const queue: DueDelivery[] = [];
  const inFlight = new Set<string>();
  // Guards against a store that keeps returning a delivery we already dealt with (a stale read).
  const handled = new Map<string, string | undefined>();
  let fetching: Promise<number> | undefined;
  // Whether the last fetch suggests more is due; without it we fetch only when the queue runs dry.
  let more = true;

  const fill = (): Promise<number> =>
    (fetching ??= (async () => {
      try {
        const now = ctx.clock.now();
        if (now.getTime() >= deadline) return 0;
        if (now.getTime() - drain.lastSweep >= ctx.claimLeaseMs / 4 || !drain.swept) await sweep(ctx, drain);
        const page = await ctx.repo.due(now, ctx.pageSize);
        more = page.length === ctx.pageSize;
        let added = 0;
        for (const d of page) {
          if (inFlight.has(d.id) || (handled.has(d.id) && handled.get(d.id) === d.etag)) continue;
          inFlight.add(d.id);
          queue.push(d);
          added++;
        }
        void notify();
        return added;
      } catch (err) {
        more = false;
        ctx.log.error({ err: message(err) }, 'outbox: could not fetch due deliveries');
        return 0;
      } finally {
        fetching = undefined;
      }
    })());

  const worker = async (): Promise<void> => {
    for (;;) {
      if (queue.length === 0) {
        if ((await fill()) === 0 && queue.length === 0) return;
      } else if (more && queue.length < ctx.concurrency) {
        void fill();
      }
      const d = queue.shift();
      if (!d) continue;
      try {
        await deliver(d, drain);
      } catch (err) {
        drain.report.errors++;
        ctx.log.error({ deliveryId: d.id, err: message(err) }, 'outbox: delivery left as it was after an error');
      } finally {
        handled.set(d.id, d.etag);
        inFlight.delete(d.id);
      }
    }
  };
  await Promise.all(Array.from({ length: ctx.concurrency }, worker));
}

/** Tells listeners which batches changed; one notification at a time, never failing the drain. */
export async function notify(ctx: OutboxContext, listeners: ProgressListener[], drain: DrainState, final: boolean): Promise<void> {
  const now = ctx.clock.now().getTime();
  if (!final && (drain.notifying || now - drain.lastNotified < ctx.progressEveryMs)) return;
  while (drain.notifying) await drain.notifying;
  if (drain.unnotified.size === 0) return;
  const batches = [...drain.unnotified.values()];
  drain.unnotified.clear();
  drain.lastNotified = now;
  drain.notifying = (async () => {
    for (const listener of listeners) {
      try {
        await listener(batches);
      } catch (err) {
        ctx.log.warn({ err: message(err), batches: batches.length }, 'outbox: progress listener failed');
      }
    }
  })().finally(() => {
    drain.notifying = undefined;
  });
  await drain.notifying;
}
