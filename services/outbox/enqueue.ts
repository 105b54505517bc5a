import type { MailRecipient } from '../ports/email.js';
import type { BatchProgress, Delivery, EmailProgress, NewDelivery } from '../ports/outbox.js';
import { outboxErrors } from '../domain/error-messages/outbox.js';
import { deliveryId, type OutboxContext } from './types.js';

/**
 * Stores one pending delivery per recipient and channel: by Teams, by email, or both, as each
 * person's channel says. Enqueuing the same batch again creates nothing new. When the directory
 * cannot be read the whole batch is refused (OUTBOX.DIRECTORY_UNAVAILABLE), never guessed as Teams:
 * an email-only member would be lost. Callers retry as they do when the store fails.
 */
export async function enqueue(ctx: OutboxContext, items: NewDelivery[]): Promise<{ created: number }> {
  const now = ctx.clock.now().toISOString();
  const byId = new Map<string, Delivery>();
  const add = (item: NewDelivery, channel?: 'email') => {
    const id = deliveryId(item.batchId, item.recipientAad, channel);
    if (byId.has(id)) return;
    byId.set(id, {
      id,
      partnershipId: item.partnershipId,
      batchId: item.batchId,
      recipientAad: item.recipientAad,
      card: item.card,
      ...(channel ? { channel } : {}),
      ...(channel && ctx.email?.newRef ? { mailRef: ctx.email.newRef() } : {}),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    });
  };
  for (const item of items) {
    const channel = (await recipientOf(ctx, item))?.channel ?? 'teams';
    if (channel !== 'email') add(item);
    if (channel !== 'teams') add(item, 'email');
  }
  if (byId.size === 0) return { created: 0 };
  return { created: await ctx.repo.enqueue([...byId.values()]) };
}

async function recipientOf(ctx: OutboxContext, item: NewDelivery): Promise<MailRecipient | undefined> {
  if (!ctx.email) return undefined;
  try {
    return await ctx.email.recipients.lookup(item.partnershipId, item.recipientAad);
  } catch (err) {
    ctx.log.error({ partnershipId: item.partnershipId, batchId: item.batchId, err: err instanceof Error ? err.message : String(err) }, 'outbox: directory unavailable; batch refused');
    throw outboxErrors.directoryUnavailable();
  }
}

/** A batch's deliveries by status, with those by email apart as well. */
export async function progress(ctx: OutboxContext, partnershipId: string, batchId: string): Promise<BatchProgress> {
  const counts: BatchProgress = { total: 0, sent: 0, pending: 0, failed: 0, unreachable: 0, blocked: 0, uncertain: 0 };
  const email: EmailProgress = { total: 0, sent: 0, pending: 0, bounced: 0, failed: 0, waitingFor: [], bouncedFor: [], failedFor: [] };
  for (const d of await ctx.repo.byBatch(partnershipId, batchId)) {
    counts.total++;
    switch (d.status) {
      case 'pending':
      case 'sending':
        counts.pending++;
        break;
      case 'bounced':
        counts.failed++;
        break;
      default:
        counts[d.status]++;
    }
    if (d.channel !== 'email') continue;
    email.total++;
    if (d.status === 'sent') email.sent++;
    else if (d.status === 'bounced') {
      email.bounced++;
      email.bouncedFor.push(d.recipientAad);
    } else if (d.status === 'pending' || d.status === 'sending') {
      email.pending++;
      email.waitingFor.push(d.recipientAad);
    } else {
      email.failed++;
      email.failedFor.push(d.recipientAad);
    }
  }
  return email.total > 0 ? { ...counts, email } : counts;
}
