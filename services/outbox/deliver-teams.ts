import type { Delivery, DueDelivery, SendResult } from '../ports/outbox.js';
import { byTransport, claim, finalAs, record, renewIfOld, retryLater, sentNow, settle } from './claims.js';
import { message, type DrainState, type OutboxContext } from './types.js';

/** Sends one delivery to the person's 1:1 chat with the bot, paced by the limiter. */
export async function deliverByTeams(ctx: OutboxContext, d: DueDelivery, drain: DrainState): Promise<void> {
  const { conversations, notifier, limiter, log } = ctx;
  const conversation = await conversations.get(d.partnershipId, d.recipientAad);
  if (!conversation) {
    await settle(ctx, d, { status: 'unreachable', failure: { code: 'no-conversation' } }, drain);
    return;
  }
  if (conversation.unreachable) {
    await settle(ctx, d, { status: 'blocked', failure: { code: 'conversation-blocked', marked: conversation.unreachable } }, drain);
    return;
  }

  let claimed = await claim(ctx, d, drain);
  if (!claimed) return;
  await limiter.acquire(`${d.partnershipId}:${d.recipientAad.toLowerCase()}`);
  claimed = await renewIfOld(ctx, claimed, drain);
  if (!claimed) return;

  let result: SendResult;
  try {
    result = await notifier.send(conversation, d.card);
  } catch (err) {
    result = { ok: false, kind: 'transient', error: message(err) };
  }

  await record(ctx, outcome(ctx, claimed, result), drain);
  if (!result.ok && (result.kind === 'blocked' || result.kind === 'not-found')) {
    try {
      await conversations.markUnreachable(d.partnershipId, d.recipientAad, result.kind === 'blocked' ? 'blocked' : 'uninstalled');
    } catch (err) {
      log.warn({ deliveryId: d.id, err: message(err) }, 'outbox: could not mark the conversation unreachable');
    }
  }
}

function outcome(ctx: OutboxContext, claimed: Delivery, result: SendResult): Delivery {
  if (result.ok) return sentNow(ctx, claimed, result.activityId);
  switch (result.kind) {
    case 'throttled':
    case 'transient':
      return retryLater(ctx, claimed, byTransport(result), result.retryAfterMs);
    case 'blocked':
    case 'not-found':
      return finalAs(claimed, 'blocked', byTransport(result));
    case 'permanent':
      return finalAs(claimed, 'failed', byTransport(result));
  }
}
