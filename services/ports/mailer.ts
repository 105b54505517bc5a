/** One email, rendered: the same content as a card, as accessible HTML and as plain text. */
export interface MailMessage {
  to: string;
  toName?: string;
  subject: string;
  html: string;
  text: string;
  /**
   * Quorum's reference for this mail, sent as its Message-ID (`<quorum.{reference}@…>`), so a
   * non-delivery report that arrives later in the board mailbox names the delivery it is about.
   */
  reference?: string;
}

export type MailResult =
  | { ok: true }
  | { ok: false; kind: 'throttled' | 'transient'; retryAfterMs?: number; error: string }
  /** The address cannot take mail (Exchange non-delivery): not retried, the manager is told. */
  | { ok: false; kind: 'bounced' | 'permanent'; error: string };

/** Sends mail from the board mailbox (Microsoft Graph sendMail, or the local stand-in). */
export interface Mailer {
  /** Why mail cannot be sent here, when it cannot (no mailbox or no identity configured). */
  readonly unavailable?: string;
  send(message: MailMessage): Promise<MailResult>;
}

/** A message in the board mailbox's inbox, as the late-bounce job reads it. */
export interface InboxMessage {
  id: string;
  receivedAt: string;
  from?: string;
  subject: string;
  /** The body as text: a non-delivery report quotes the original message's headers in it. */
  text: string;
}

/** Reads the board mailbox's inbox (Microsoft Graph, or the local stand-in). */
export interface BoardInbox {
  /** Why the inbox cannot be read here, when it cannot. */
  readonly unavailable?: string;
  /** Messages received at or after `since` (ISO), newest first. */
  recent(since: string): Promise<InboxMessage[]>;
}
