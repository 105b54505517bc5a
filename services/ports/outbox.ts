import type { StoredConversation } from './repositories.js';

/** A card, as JSON, ready to send. The services never look inside it. */
export type CardPayload = Record<string, unknown>;

export type DeliveryStatus =
  | 'pending' // waiting to be sent (or retried at nextAttemptAt)
  | 'sending' // claimed by one instance, in flight
  | 'sent'
  | 'failed' // gave up after the retry budget, or a permanent error
  | 'unreachable' // no conversation reference: the person never opened the bot
  | 'blocked' // the user blocked or uninstalled the bot (403 / 404 from Teams)
  | 'uncertain' // an instance died mid-send; never resent, so nobody is messaged twice
  | 'bounced'; // an email the recipient's mail server refused (non-delivery)

/** The statuses a delivery ends in: it is never sent again, so its card is no longer stored, and the record expires. */
export const FINISHED_STATUSES: readonly DeliveryStatus[] = ['sent', 'failed', 'unreachable', 'blocked', 'uncertain', 'bounced'];
export const isFinished = (status: DeliveryStatus) => FINISHED_STATUSES.includes(status);

/**
 * One message to one person. The id is deterministic (`${batchId}:${aadObjectId}`), so enqueuing
 * the same batch twice (a retried invoke, a job run on two instances) creates nothing new.
 */
export interface Delivery {
  id: string;
  partnershipId: string;
  /** Groups the deliveries of one send, e.g. `consultation:<id>:open` or `reminder:<id>:<agency>:3`. */
  batchId: string;
  recipientAad: string;
  /**
   * The card to send. A finished delivery is stored without it (nothing reads it again, and it was
   * most of the record); records stored before that still carry theirs.
   */
  card?: CardPayload;
  /** 'email' for a copy sent by email (the person's channel); absent for Teams. */
  channel?: 'email';
  status: DeliveryStatus;
  attempts: number;
  /** ISO time before which it is not (re)tried. */
  nextAttemptAt: string;
  createdAt: string;
  claimedBy?: string;
  claimedAt?: string;
  sentAt?: string;
  /** The Teams message id, so the card can be updated later. */
  activityId?: string;
  /** Why it was not delivered (or not yet: the last failed attempt), as a code; cards/outbox/ words it. */
  failure?: DeliveryFailure;
  /** The same, in words, on deliveries recorded before the codes: shown as it is. */
  lastError?: string;
  /** An email's random reference, fixed when it is queued: part of its Message-ID, to match a late non-delivery report. */
  mailRef?: string;
  /** When a non-delivery report arrived for an email already sent. */
  bouncedLateAt?: string;
  /** ETag for optimistic concurrency; set by the repository. */
  etag?: string;
}

/**
 * Why a delivery failed. `detail` is the transport's (or the mailer's) own technical text, kept as it
 * came; the rest are facts. Logs may show the code; people read it worded by cards/outbox/.
 */
export type DeliveryFailure =
  /** Teams: no conversation reference, so the person has never opened the bot. */
  | { code: 'no-conversation' }
  /** Teams: the conversation is known dead (the bot blocked or uninstalled). */
  | { code: 'conversation-blocked'; marked: NonNullable<StoredConversation['unreachable']> }
  /** Email: this instance has no email delivery at all. */
  | { code: 'email-not-set-up' }
  /** Email: the mailer cannot send here (no mailbox or no identity configured), for the mailer's reason. */
  | { code: 'email-unavailable'; detail: string }
  | { code: 'no-email-address' }
  /** The recipient has left the partnership's directory. */
  | { code: 'not-in-directory' }
  /** The instance that claimed it died mid-send: it may or may not have gone, and is never resent. */
  | { code: 'unconfirmed-claim'; claimedBy?: string; claimedAt?: string }
  /** The channel refused or failed the send (Teams or mail), as it said. */
  | { code: 'transport'; kind: SendFailureKind; detail: string }
  /** A non-delivery report arrived after the email was sent; detail is its subject. */
  | { code: 'late-bounce'; detail: string };

/** How a send failed, by Teams or by email. */
export type SendFailureKind = 'throttled' | 'transient' | 'blocked' | 'not-found' | 'permanent' | 'bounced';

export type NewDelivery = Pick<Delivery, 'partnershipId' | 'batchId' | 'recipientAad'> & { card: CardPayload };

/** A delivery waiting to be sent: it has its card. */
export type DueDelivery = Delivery & { card: CardPayload };

export interface OutboxRepo {
  /** Creates each delivery unless one with its id exists. Returns how many were new. */
  enqueue(deliveries: Delivery[]): Promise<number>;
  /** Pending deliveries whose nextAttemptAt has come, oldest first, across partnerships. */
  due(now: Date, limit: number): Promise<DueDelivery[]>;
  /** Deliveries claimed before `before` and never finished (an instance died mid-send). */
  stale(before: Date, limit: number): Promise<Delivery[]>;
  /**
   * Replaces a delivery if its ETag still matches; returns the stored delivery or undefined on
   * conflict. A finished delivery (FINISHED_STATUSES) is stored without its card.
   */
  replaceIfUnchanged(delivery: Delivery): Promise<Delivery | undefined>;
  byBatch(partnershipId: string, batchId: string): Promise<Delivery[]>;
}

export type SendResult =
  | { ok: true; activityId?: string }
  | { ok: false; kind: 'throttled' | 'transient'; retryAfterMs?: number; error: string }
  | { ok: false; kind: 'blocked' | 'not-found' | 'permanent'; error: string };

/** Sends cards to a person's 1:1 conversation with the bot. Implemented by the bot adapter. */
export interface Notifier {
  send(conversation: StoredConversation, card: CardPayload): Promise<SendResult>;
  /** Replaces a card the bot sent before (progress on the sender's card, results). */
  update(conversation: StoredConversation, activityId: string, card: CardPayload): Promise<SendResult>;
}

/** A batch's deliveries by status: the consultation's delivery progress is one. */
export type { DeliveryProgress as BatchProgress, EmailProgress } from '../domain/consultation-outcomes.js';
