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
}

/** What the stand-in answers a sendMail: 202, or a Graph error. */
export type MailRoute = { status: number; code?: string; message?: string; retryAfterSeconds?: number };

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
  /** POST /v1.0/users/{mailbox}/sendMail, in JSON or MIME (base64) form; undefined for any other path. */
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

  const route = async (req: IncomingMessage, segments: string[]): Promise<MailRoute | undefined> => {
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
    messages.push({ id: randomUUID(), at: new Date().toISOString(), mailbox: segments[2]!, to: address, subject: message.subject, text: message.text ?? '', html: message.html ?? '' });
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
    },
    route,
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
