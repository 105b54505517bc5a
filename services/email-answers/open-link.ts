import type { Actor } from '../directory/index.js';
import type { Directory } from '../domain/directory.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AuditLog } from '../ports/repositories.js';
import { readClaims, verifyLink, type LinkClaims } from './tokens.js';

/** Why a link answers nothing. */
export type LinkRefusal = 'tampered' | 'expired' | 'closed' | 'not-yours' | 'not-found';
export type Refused = { kind: 'refused'; reason: LinkRefusal };

export interface LinkDeps {
  key: string;
  directories: { directory(partnershipId: string): Promise<Directory> };
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}

/** What the link says, checked: the person it was signed for, as an actor of their partnership today. */
export interface OpenedLink {
  claims: LinkClaims;
  actor: Actor;
}

/**
 * Verifies a link and finds the person it was signed for. Every use is in the audit trail, refused
 * ones too: a tampered link is recorded under the partnership it claims, when there is one.
 */
export async function openLink(deps: LinkDeps, token: string, use: 'open' | 'answer'): Promise<OpenedLink | Refused> {
  const verified = verifyLink(deps.key, token, deps.clock.now());
  if (!verified.ok) {
    await refusedUse(deps, verified.claims ?? readClaims(token), use, verified.reason);
    return { kind: 'refused', reason: verified.reason };
  }
  const { claims } = verified;
  const directory = await deps.directories.directory(claims.partnershipId).catch(() => undefined);
  const person = directory?.person(claims.personId);
  if (!directory || !person) {
    await refusedUse(deps, claims, use, 'not-yours');
    return { kind: 'refused', reason: 'not-yours' };
  }
  const actor: Actor = { directory, person, assignments: directory.assignmentsOf(person.id), isManager: directory.isManager(person.id) };
  return { claims, actor };
}

const isRefused = (x: object): x is Refused => 'kind' in x && (x as Refused).kind === 'refused';

/**
 * Opens a link, then asks `check` whether what it names can still be answered by that person: the
 * refusal, or the opened link with what `check` found. Each kind of link brings its own check.
 */
export async function openChecked<D extends LinkDeps, T extends object>(
  deps: D,
  token: string,
  use: 'open' | 'answer',
  check: (deps: D, claims: LinkClaims, actor: Actor, use: 'open' | 'answer') => Promise<T | Refused>,
): Promise<(OpenedLink & { checked: T }) | Refused> {
  const opened = await openLink(deps, token, use);
  if ('kind' in opened) return opened;
  const checked = await check(deps, opened.claims, opened.actor, use);
  if (isRefused(checked)) return checked;
  return { ...opened, checked };
}

export async function auditUse(deps: LinkDeps, claims: LinkClaims, use: string, after: Record<string, unknown> = {}): Promise<void> {
  await deps.audit.record({
    partnershipId: claims.partnershipId,
    at: deps.clock.now().toISOString(),
    actor: claims.personId,
    action: `email-link.${use}`,
    subject: claims.itemId,
    after: { purpose: claims.purpose, scope: claims.scope, ...after },
  });
}

export async function refusedUse(deps: LinkDeps, claims: LinkClaims | undefined, use: 'open' | 'answer', reason: LinkRefusal): Promise<void> {
  deps.log.warn({ use, reason, partnershipId: claims?.partnershipId, itemId: claims?.itemId }, 'email link refused');
  if (!claims) return;
  const known = await deps.directories.directory(claims.partnershipId).then(() => true, () => false);
  if (!known) return;
  // A tampered link's person is only what the link claims: recorded as claimed, never as the actor.
  await deps.audit.record({
    partnershipId: claims.partnershipId,
    at: deps.clock.now().toISOString(),
    actor: reason === 'tampered' ? 'unverified-link' : claims.personId,
    action: 'email-link.refused',
    subject: claims.itemId,
    after: { use, reason, purpose: claims.purpose, claimedPerson: claims.personId },
  });
}
