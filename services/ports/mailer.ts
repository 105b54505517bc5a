/** One email, rendered: the same content as a card, as accessible HTML and as plain text. */
export interface MailMessage {
  to: string;
  toName?: string;
  subject: string;
  html: string;
  text: string;
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
