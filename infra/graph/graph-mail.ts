import type { Logger } from '../../services/ports/logger.js';
import type { BoardInbox, InboxMessage, MailMessage, MailResult, Mailer } from '../../services/ports/mailer.js';
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
    const mime = buildMime({ from: mailbox, to: m.to, toName: m.toName, subject: m.subject, html: m.html, text: m.text, ...(m.reference ? { reference: m.reference } : {}) });
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

/** The application permission reading the board mailbox's inbox needs (limited to it by the same access policy). */
export const INBOX_PERMISSION = 'Mail.Read';

/** Graph application permissions email needs (main.bicep's mailGraphAppPermissions), granted only with MAIL_FROM. */
export const MAIL_GRAPH_APP_PERMISSIONS = [MAIL_PERMISSION, INBOX_PERMISSION] as const;

/** At most this many pages of 50 messages a run: 1,000 messages is days of a board mailbox. */
const INBOX_PAGES = 20;

interface GraphMessage {
  id?: string;
  receivedDateTime?: string;
  subject?: string;
  from?: { emailAddress?: { address?: string } };
  body?: { contentType?: string; content?: string };
}

/**
 * Reads the board mailbox's inbox with Microsoft Graph, for late non-delivery reports:
 * GET /users/{mailbox}/mailFolders/inbox/messages, filtered on receivedDateTime, bodies as text
 * (`Prefer: outlook.body-content-type="text"`), following @odata.nextLink. A failure throws: the job
 * reads again on its next run.
 */
export class GraphInbox implements BoardInbox {
  constructor(private readonly opts: GraphMailerOptions) {}

  async recent(since: string): Promise<InboxMessage[]> {
    const { baseUrl, mailbox } = this.opts;
    const query = [
      `$filter=${encodeURIComponent(`receivedDateTime ge ${since}`)}`,
      `$orderby=${encodeURIComponent('receivedDateTime desc')}`,
      `$select=${['id', 'receivedDateTime', 'subject', 'from', 'body'].join(',')}`,
      '$top=50',
    ].join('&');
    let next: string | undefined = `/users/${encodeURIComponent(mailbox)}/mailFolders/inbox/messages?${query}`;
    const out: InboxMessage[] = [];
    for (let page = 0; next && page < INBOX_PAGES; page++) {
      const answer = await requestGraph({
        baseUrl,
        path: next,
        token: this.opts.token,
        headers: { prefer: 'outlook.body-content-type="text"' },
        timeoutMs: this.opts.timeoutMs ?? 30_000,
      });
      if (answer.kind !== 'answered') throw new Error(`reading the board mailbox: ${answer.kind === 'no-token' ? 'no token' : 'Microsoft Graph could not be reached'} (${answer.reason})`);
      const { res } = answer;
      if (!res.ok) {
        const code = await graphErrorCode(res);
        if (res.status === 401 || res.status === 403) {
          this.opts.log.error({ status: res.status, code }, `graph mail: inbox refused; Quorum needs the ${INBOX_PERMISSION} application permission for the board mailbox`);
        }
        throw new Error(`reading the board mailbox: ${res.status}${code ? ` ${code}` : ''}`);
      }
      const body = (await res.json()) as { value?: GraphMessage[]; '@odata.nextLink'?: string };
      for (const m of body.value ?? []) {
        if (!m.id) continue;
        out.push({ id: m.id, receivedAt: m.receivedDateTime ?? '', from: m.from?.emailAddress?.address, subject: m.subject ?? '', text: m.body?.content ?? '' });
      }
      // Only Graph's own next page, never another host.
      const link = body['@odata.nextLink'];
      next = link && link.startsWith(`${baseUrl}/`) ? link.slice(baseUrl.length) : undefined;
    }
    return out;
  }
}

/** The board inbox this deployment can read: Graph from MAIL_FROM, when Quorum has an identity; else one that says why not. */
export function createBoardInbox(config: Config, log: Logger, token?: GraphTokenProvider): BoardInbox {
  const unavailable = (reason: string): BoardInbox => ({ unavailable: reason, recent: () => Promise.resolve([]) });
  if (!config.mail.from) return unavailable('no board mailbox is set (MAIL_FROM)');
  const provider = token ?? graphTokenProvider(config);
  if (!provider) return unavailable('Quorum has no identity to call Microsoft Graph with');
  return new GraphInbox({ baseUrl: config.graph.baseUrl, mailbox: config.mail.from, token: provider, log });
}
