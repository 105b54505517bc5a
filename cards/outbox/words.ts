import type { Delivery, DeliveryFailure } from '../../services/ports/outbox.js';

/** Why a delivery failed, in words: the outbox stores a code and the channel's own detail. */
export function failureText(f: DeliveryFailure): string {
  switch (f.code) {
    case 'no-conversation':
      return 'no conversation reference: the person has never opened the bot';
    case 'conversation-blocked':
      return `the conversation is marked ${f.marked}`;
    case 'email-not-set-up':
      return 'email is not set up on this instance';
    case 'email-unavailable':
      return `email cannot be sent here: ${f.detail}`;
    case 'no-email-address':
      return 'no email address for the person';
    case 'not-in-directory':
      return 'the person is no longer in the directory';
    case 'unconfirmed-claim':
      return `claimed by ${f.claimedBy ?? '?'} at ${f.claimedAt ?? '?'} and never confirmed; not resent`;
    case 'transport':
      return `${f.kind}: ${f.detail}`;
    case 'late-bounce':
      return `late-ndr: ${f.detail}`;
  }
}

/** A delivery's failure in words; one recorded before the codes keeps the words it was stored with. */
export const deliveryFailureText = (d: Pick<Delivery, 'failure' | 'lastError'>): string | undefined => (d.failure ? failureText(d.failure) : d.lastError);
