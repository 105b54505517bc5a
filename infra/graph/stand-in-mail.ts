import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parseMime } from './mime.js';

/** A message the stand-in accepted, as it would have been delivered. */
export interface StandInMessage {
  id: string;
  at: string;
  /** The mailbox it was sent from (the path's user). */
  mailbox: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The Message-ID the sender set, if any. */
  internetMessageId?: string;
}

/** A message in a mailbox's inbox, as Graph lists it (body as text). */
export interface StandInInboxMessage {
  id: string;
  mailbox: string;
  receivedDateTime: string;
  from: string;
  subject: string;
  text: string;
}

/** What the stand-in answers: 202 to a sendMail, a page of the inbox, or a Graph error. */
export type MailRoute = { status: number; code?: string; message?: string; retryAfterSeconds?: number; body?: unknown };

export interface StandInMail {
  /** Every message accepted, oldest first (at most 10,000). */
  readonly messages: readonly StandInMessage[];
  /** sendMail to this address is refused as Exchange refuses an address that cannot take mail. */
  bounce(address: string): void;
  /** Answers the next `count` sendMails 429 with Retry-After. */
  failNext(count: number, retryAfterSeconds?: number): void;
  /** Answers this share of sendMails 429 (Retry-After 0 or 1 s), at random, until set to 0. */
  failRandomly(share: number): void;
  clear(): void;
  /** Each mailbox's inbox, oldest first: what GET …/mailFolders/inbox/messages lists. */
  readonly inbox: readonly StandInInboxMessage[];
  /** Exchange's later non-delivery report for a message that was accepted: to its sender's inbox, quoting its headers. */
  deliverNdr(original: StandInMessage, at?: Date): StandInInboxMessage;
  /** Any other message arriving in a mailbox's inbox. */
  receive(message: Omit<StandInInboxMessage, 'id' | 'receivedDateTime'> & { receivedDateTime?: string }): StandInInboxMessage;
  /** POST /v1.0/users/{mailbox}/sendMail, in JSON or MIME (base64) form, and GET …/mailFolders/inbox/messages; undefined for any other path. */
  route(req: IncomingMessage, segments: string[]): Promise<MailRoute | undefined>;
}

const MAX_BODY = 4 * 1024 * 1024;
const KEPT = 10_000;

/** The stand-in Graph's mail: accepts sendMail as Graph does (202, no body) and keeps each message. */
export function standInMail(): StandInMail {
  const messages: StandInMessage[] = [];
  const bounces = new Set<string>();
  let failing = { count: 0, retryAfterSeconds: 1 };
  let randomShare = 0;

  const inbox: StandInInboxMessage[] = [];
  const receive = (m: Omit<StandInInboxMessage, 'id' | 'receivedDateTime'> & { receivedDateTime?: string }): StandInInboxMessage => {
    const item = { ...m, id: randomUUID(), receivedDateTime: m.receivedDateTime ?? new Date().toISOString() };
    inbox.push(item);
    if (inbox.length > KEPT) inbox.shift();
    return item;
  };

  const route = async (req: IncomingMessage, segments: string[]): Promise<MailRoute | undefined> => {
    if (req.method === 'GET' && segments.length === 6 && segments[1] === 'users' && segments[3] === 'mailFolders' && segments[4]?.toLowerCase() === 'inbox' && segments[5] === 'messages') {
      return listInbox(inbox, segments[2]!, new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`));
    }
    if (!(req.method === 'POST' && segments.length === 4 && segments[0] === 'v1.0' && segments[1] === 'users' && segments[3] === 'sendMail')) return undefined;
    const raw = await readBody(req);
    if (raw === undefined) return { status: 413, code: 'RequestEntityTooLarge', message: 'The request body is too large.' };
    if (failing.count > 0) {
      failing.count--;
      return { status: 429, code: 'ApplicationThrottled', message: 'Application is over its MailboxConcurrency limit.', retryAfterSeconds: failing.retryAfterSeconds };
    }
    if (randomShare > 0 && Math.random() < randomShare) {
      return { status: 429, code: 'ApplicationThrottled', message: 'Application is over its MailboxConcurrency limit.', retryAfterSeconds: Math.random() < 0.5 ? 0 : 1 };
    }
    const message = read(req, raw);
    if (!message?.to || !message.subject) return { status: 400, code: 'ErrorInvalidRequest', message: 'The message needs a recipient and a subject.' };
    const address = /<([^>]+)>/.exec(message.to)?.[1] ?? message.to;
    if (bounces.has(address.toLowerCase())) return { status: 400, code: 'ErrorInvalidRecipients', message: `The recipient ${address} cannot receive mail.` };
    messages.push({
      id: randomUUID(),
      at: new Date().toISOString(),
      mailbox: segments[2]!,
      to: address,
      subject: message.subject,
      text: message.text ?? '',
      html: message.html ?? '',
      ...('messageId' in message && message.messageId ? { internetMessageId: message.messageId } : {}),
    });
    if (messages.length > KEPT) messages.shift();
    return { status: 202 };
  };

  return {
    messages,
    bounce: (address) => void bounces.add(address.toLowerCase()),
    failNext: (count, retryAfterSeconds = 1) => {
      failing = { count, retryAfterSeconds };
    },
    failRandomly: (share) => {
      randomShare = share;
    },
    clear: () => {
      messages.length = 0;
      inbox.length = 0;
    },
    inbox,
    receive,
    deliverNdr: (original, at = new Date()) => {
      const domain = original.mailbox.split('@')[1] ?? 'partnership.example';
      return receive({
        mailbox: original.mailbox,
        receivedDateTime: at.toISOString(),
        from: `postmaster@${domain}`,
        subject: `Undeliverable: ${original.subject}`,
        text: [
          'Your message to ' + original.to + " couldn't be delivered.",
          `${original.to.split('@')[0]} wasn't found at ${original.to.split('@')[1] ?? ''}.`,
          '',
          'Diagnostic information for administrators:',
          `Remote server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ${original.to} not found by SMTP address lookup'`,
          '',
          'Original message headers:',
          '',
          `From: <${original.mailbox}>`,
          `To: <${original.to}>`,
          `Subject: ${original.subject}`,
          ...(original.internetMessageId ? [`Message-ID: ${original.internetMessageId}`] : []),
          'MIME-Version: 1.0',
        ].join('\r\n'),
      });
    },
    route,
  };
}

/** A page of a mailbox's inbox, newest first, as Graph answers: $filter on receivedDateTime ge, $top and $skip (in nextLink). */
function listInbox(inbox: StandInInboxMessage[], mailbox: string, url: URL): MailRoute {
  const filter = url.searchParams.get('$filter') ?? '';
  const since = /^receivedDateTime ge (\S+)$/.exec(filter.trim())?.[1];
  if (filter && !since) return { status: 400, code: 'ErrorInvalidUrlQueryFilter', message: 'The query filter contains one or more invalid nodes.' };
  const top = Math.min(Number(url.searchParams.get('$top') ?? 10) || 10, 1000);
  const skip = Number(url.searchParams.get('$skip') ?? 0) || 0;
  const mine = inbox
    .filter((m) => m.mailbox.toLowerCase() === mailbox.toLowerCase() && (!since || m.receivedDateTime >= new Date(since).toISOString()))
    .sort((a, b) => (a.receivedDateTime < b.receivedDateTime ? 1 : -1));
  const page = mine.slice(skip, skip + top);
  const next = new URL(url.toString());
  next.searchParams.set('$skip', String(skip + top));
  return {
    status: 200,
    body: {
      value: page.map((m) => ({
        id: m.id,
        receivedDateTime: m.receivedDateTime,
        subject: m.subject,
        from: { emailAddress: { address: m.from } },
        body: { contentType: 'text', content: m.text },
      })),
      ...(skip + top < mine.length ? { '@odata.nextLink': `${url.protocol}//${url.host}${next.pathname}${next.search}` } : {}),
    },
  };
}

function read(req: IncomingMessage, raw: string) {
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('text/plain')) return parseMime(Buffer.from(raw.trim(), 'base64').toString('utf8'));
  try {
    const json = JSON.parse(raw) as { message?: { subject?: string; body?: { contentType?: string; content?: string }; toRecipients?: { emailAddress?: { address?: string } }[] } };
    const m = json.message;
    const html = m?.body?.contentType?.toLowerCase() === 'html' ? m.body.content : undefined;
    return { to: m?.toRecipients?.[0]?.emailAddress?.address, subject: m?.subject, html, text: html ? undefined : m?.body?.content };
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
