import { createHmac, timingSafeEqual } from 'node:crypto';

/** What one answer link is for: one person, one item, one purpose, until the deadline. */
export interface LinkClaims {
  partnershipId: string;
  personId: string;
  purpose: 'consultation' | 'meeting';
  /** The consultation or meeting id. */
  itemId: string;
  /** The agency (consultation) or seat (meeting) the person answers for. */
  scope: string;
  /** ISO time after which the link answers nothing: the item's deadline. */
  expiresAt: string;
}

export type Verified = { ok: true; claims: LinkClaims } | { ok: false; reason: 'tampered' | 'expired'; claims?: LinkClaims };

const VERSION = 1;
const MAX_TOKEN = 1_000;
const MIN_KEY = 32;
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

const mac = (key: string, body: string) => createHmac('sha256', key).update(`quorum-answer-link.${body}`).digest();

/** A link token: the claims and an HMAC-SHA256 over them with the deployment's key. Cannot be guessed or altered. */
export function signLink(key: string, c: LinkClaims): string {
  if (key.length < MIN_KEY) throw new Error('answer links need a signing key of at least 32 characters');
  const body = b64(JSON.stringify([VERSION, c.partnershipId, c.personId, c.purpose, c.itemId, c.scope, Math.floor(Date.parse(c.expiresAt) / 1000)]));
  return `${body}.${b64(mac(key, body))}`;
}

/** The claims of a token our key signed, or why not: any change to a token makes it 'tampered'. */
export function verifyLink(key: string, token: string, now: Date): Verified {
  const claims = readClaims(token);
  // Without a real key no link is genuine.
  if (!claims || key.length < MIN_KEY) return { ok: false, reason: 'tampered', ...(claims ? { claims } : {}) };
  const [body, sig] = token.split('.') as [string, string];
  const expected = mac(key, body);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected) || b64(given) !== sig) return { ok: false, reason: 'tampered', claims };
  if (Date.parse(claims.expiresAt) <= now.getTime()) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

/** The claims a token says it has, unverified: only to say who a refused link named. */
export function readClaims(token: string): LinkClaims | undefined {
  if (token.length > MAX_TOKEN || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
    if (!Array.isArray(parts) || parts.length !== 7 || parts[0] !== VERSION) return undefined;
    const [, partnershipId, personId, purpose, itemId, scope, expires] = parts as unknown[];
    const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
    if (!text(partnershipId) || !text(personId) || !text(itemId) || !text(scope)) return undefined;
    if (purpose !== 'consultation' && purpose !== 'meeting') return undefined;
    if (typeof expires !== 'number' || !Number.isInteger(expires) || expires < 0 || expires > 32_503_680_000) return undefined;
    return { partnershipId, personId, purpose, itemId, scope, expiresAt: new Date(expires * 1000).toISOString() };
  } catch {
    return undefined;
  }
}
