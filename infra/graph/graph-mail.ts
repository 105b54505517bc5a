import type { Logger } from '../../services/ports/logger.js';
import type { MailMessage, MailResult, Mailer } from '../../services/ports/mailer.js';
import type { Config } from '../config.js';
import { graphTokenProvider, type GraphTokenProvider } from './graph-installer.js';
import { requestGraph } from './graph-request.js';
import { graphErrorCode, retryAfterMs } from './graph-responses.js';
import { buildMime } from './mime.js';

/** The application permission sendMail needs; an application access policy limits it to the board mailbox (docs/deploy.md). */
export const MAIL_PERMISSION = 'Mail.Send';

/** Graph's answers for a recipient that cannot take mail. */
const BOUNCE_CODES = new Set(['ErrorInvalidRecipients', 'ErrorRecipientNotFound', 'ErrorMessageSubmissionBlocked', 'ErrorMailRecipientNotFound']);

export interface GraphMailerOptions {
  baseUrl: string;
  /** The board mailbox (its address or object id) the mail is sent from. */
  mailbox: string;
  token: GraphTokenProvider;
  log: Logger;
  timeoutMs?: number;
}

/**
 * Sends mail from the board mailbox with Microsoft Graph: POST /users/{mailbox}/sendMail with the
 * message in MIME form (text and HTML alternatives). One attempt per call: the outbox is the one
 * place that retries, after Retry-After.
 */
export class GraphMailer implements Mailer {
  constructor(private readonly opts: GraphMailerOptions) {}

  async send(m: MailMessage): Promise<MailResult> {
    const { baseUrl, mailbox, log } = this.opts;
    const mime = buildMime({ from: mailbox, to: m.to, toName: m.toName, subject: m.subject, html: m.html, text: m.text });
    const out = await requestGraph({
      baseUrl,
      path: `/users/${encodeURIComponent(mailbox)}/sendMail`,
      token: this.opts.token,
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from(mime, 'utf8').toString('base64'),
      timeoutMs: this.opts.timeoutMs ?? 30_000,
    });
    if (out.kind === 'no-token') return { ok: false, kind: 'transient', error: `no token for Microsoft Graph: ${out.reason}` };
    if (out.kind === 'unreachable') {
      const reason = out.timedOut ? 'no answer in time' : out.reason;
      return { ok: false, kind: 'transient', error: `Microsoft Graph could not be reached (${reason})` };
    }
    const { res } = out;
    if (res.ok) {
      await res.body?.cancel();
      return { ok: true };
    }
    const wait = retryAfterMs(res);
    const code = await graphErrorCode(res);
    const error = `sendMail ${res.status}${code ? ` ${code}` : ''}`;
    const withWait = wait === undefined ? {} : { retryAfterMs: wait };
    if (res.status === 429) return { ok: false, kind: 'throttled', error, ...withWait };
    if (res.status >= 500 || res.status === 408) return { ok: false, kind: 'transient', error, ...withWait };
    if (code && BOUNCE_CODES.has(code)) return { ok: false, kind: 'bounced', error };
    if (res.status === 401 || res.status === 403) {
      log.error({ status: res.status, code }, `graph mail: refused; Quorum needs the ${MAIL_PERMISSION} application permission for the board mailbox`);
    }
    return { ok: false, kind: 'permanent', error };
  }
}

/** A mailer that sends nothing, and says why. */
export const mailerUnavailable = (reason: string): Mailer => ({
  unavailable: reason,
  send: () => Promise.resolve({ ok: false, kind: 'permanent', error: reason }),
});

/** The mailer this deployment can have: Graph from MAIL_FROM, when Quorum has an identity (or a dev token). */
export function createMailer(config: Config, log: Logger, token?: GraphTokenProvider): Mailer {
  if (!config.mail.from) return mailerUnavailable('no board mailbox is set (MAIL_FROM)');
  const provider = token ?? graphTokenProvider(config);
  if (!provider) return mailerUnavailable('Quorum has no identity to call Microsoft Graph with');
  return new GraphMailer({ baseUrl: config.graph.baseUrl, mailbox: config.mail.from, token: provider, log });
}
