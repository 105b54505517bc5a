import type { DeliveryChannel } from '../domain/directory.js';
import type { MailMessage } from './mailer.js';
import type { CardPayload, DeliveryFailure } from './outbox.js';

/** An answer a card offers that an email can carry as a signed link. Data only. */
export type AnswerIntent =
  | { purpose: 'consultation'; itemId: string; agencyId: string; choice: 'agree' | 'disagree' }
  | { purpose: 'meeting'; itemId: string; seatId: string; response: 'attending' | 'apologies' };

/** A stable key for an intent, to hand its link to the renderer. */
export const intentKey = (i: AnswerIntent): string =>
  i.purpose === 'consultation' ? `consultation|${i.itemId}|${i.agencyId}|${i.choice}` : `meeting|${i.itemId}|${i.seatId}|${i.response}`;

/** Turns a card into an email: implemented in cards/email/. */
export interface EmailCards {
  /** The answer actions on the card, which become links. */
  intents(card: CardPayload): AnswerIntent[];
  /** The card's content as an email; each answer action becomes the link `links` gives for its key. */
  render(card: CardPayload, links: ReadonlyMap<string, string>): Omit<MailMessage, 'to' | 'toName'>;
  /** The manager's notice that an email bounced. */
  bounced(fact: BounceFact): CardPayload;
}

export interface BounceFact {
  personName: string;
  address: string;
  batchId: string;
  /** Why it bounced: the mail server's refusal, or the late non-delivery report. */
  failure: DeliveryFailure;
}

/** Who a recipient is, for delivering by their channel. */
export interface MailRecipient {
  personId: string;
  displayName: string;
  email?: string;
  channel: DeliveryChannel;
}

export interface MailRecipients {
  /** The recipient by Entra object id, in the partnership's directory today; undefined if not there; throws if the directory cannot be read. */
  lookup(partnershipId: string, aadObjectId: string): Promise<MailRecipient | undefined>;
}

/** Signs answer links for one person (implemented in services/email-answers). */
export interface AnswerLinkMaker {
  /** A link per intent, keyed by intentKey; an intent whose item cannot be answered any more gets none. */
  linksFor(partnershipId: string, personId: string, intents: AnswerIntent[]): Promise<Map<string, string>>;
}
