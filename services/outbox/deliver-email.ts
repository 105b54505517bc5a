import type { MailResult } from '../ports/mailer.js';
import type { Delivery, DueDelivery } from '../ports/outbox.js';
import { mailReference } from './mail-reference.js';
import { byTransport, claim, finalAs, record, renewIfOld, retryLater, sentNow, settle } from './claims.js';
import { message, type DrainState, type EmailDeliveryDeps, type OutboxContext } from './types.js';

/** At most `limit` sendMail requests in flight (Graph: 4 concurrent requests per mailbox). */
export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * Sends one delivery as an email: the card rendered to HTML and text, its answer actions turned into
 * links signed for this person, sent from the board mailbox. A bounce is final and tells the manager.
 */
export async function deliverByEmail(ctx: OutboxContext, email: EmailDeliveryDeps, gate: Gate, d: DueDelivery, drain: DrainState): Promise<void> {
  if (email.mailer.unavailable) {
    await settle(ctx, d, { status: 'failed', failure: { code: 'email-unavailable', detail: email.mailer.unavailable } }, drain);
    return;
  }
  const who = await email.recipients.lookup(d.partnershipId, d.recipientAad);
  if (!who?.email) {
    await settle(ctx, d, { status: 'unreachable', failure: { code: who ? 'no-email-address' : 'not-in-directory' } }, drain);
    return;
  }

  let claimed = await claim(ctx, d, drain);
  if (!claimed) return;
  await email.limiter.acquire(`mail:${who.email.toLowerCase()}`);
  claimed = await renewIfOld(ctx, claimed, drain);
  if (!claimed) return;

  let result: MailResult;
  try {
    const links = await email.links.linksFor(d.partnershipId, who.personId, email.cards.intents(d.card));
    const rendered = email.cards.render(d.card, links);
    const reference = mailReference(d);
    result = await gate.run(() => email.mailer.send({ ...rendered, to: who.email!, toName: who.displayName, ...(reference ? { reference } : {}) }));
  } catch (err) {
    result = { ok: false, kind: 'transient', error: message(err) };
  }

  let next: Delivery;
  if (result.ok) next = sentNow(ctx, claimed);
  else if (result.kind === 'throttled' || result.kind === 'transient') next = retryLater(ctx, claimed, byTransport(result), result.retryAfterMs);
  else next = finalAs(claimed, result.kind === 'bounced' ? 'bounced' : 'failed', byTransport(result));
  await record(ctx, next, drain);

  if (next.status === 'bounced' && next.failure && email.onBounce) {
    try {
      await email.onBounce(next, { personName: who.displayName, address: who.email, batchId: d.batchId, failure: next.failure });
    } catch (err) {
      ctx.log.warn({ deliveryId: d.id, err: message(err) }, 'outbox: could not tell the manager of a bounce');
    }
  }
}
