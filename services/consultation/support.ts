import type { Actor, DirectoryService } from '../directory/index.js';
import { authorize, can, canSeeConsultation, subjectOf, type Permission } from '../domain/authorization.js';
import { recipients, type Consultation, type Recipient } from '../domain/consultation.js';
import type { Body, Directory, Person } from '../domain/directory.js';
import { consultationErrors } from '../domain/error-messages/consultation.js';
import { recordErrors } from '../domain/error-messages/records.js';
import { updateOptimistically } from '../optimistic-update.js';
import type { Clock } from '../ports/clock.js';
import type { CarryForwardRepo, ConsultationPresenter, ConsultationRepo, Outbox } from '../ports/consultations.js';
import type { Logger } from '../ports/logger.js';
import type { AuditLog, ConversationRefRepo } from '../ports/repositories.js';

/** Every port a consultation use case may take; each slice takes only the ones it uses. */
export interface ConsultationPorts {
  repo: ConsultationRepo;
  carryForward: CarryForwardRepo;
  directory: DirectoryService;
  conversations: ConversationRefRepo;
  outbox: Outbox;
  presenter: ConsultationPresenter;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  newId: () => string;
  reminderHour: number;
}

/** Tries of a read-modify-write of one agency's answer before answering "busy". */
export const MAX_RETRIES = 5;

/** The bodies this person may consult: those they chair, or all of them for the manager. */
export function sendableBodies(actor: Actor): Body[] {
  return actor.directory.bodies.filter((b) => can(subjectOf(actor), 'consultation.send', { bodyId: b.id }));
}

export function assertMaySendAnywhere(actor: Actor): void {
  if (sendableBodies(actor).length === 0) throw consultationErrors.onlySenders();
}

export function assertCanSend(actor: Actor, body: Body): void {
  authorize(subjectOf(actor), 'consultation.send', { bodyId: body.id });
}

/**
 * The only read by a client-sent id: the caller's right to act anywhere first, then the record,
 * which a caller who may not see it gets as an unknown id.
 */
export async function requireConsultation(repo: Pick<ConsultationRepo, 'get'>, actor: Actor, id: string, permission?: Permission): Promise<Consultation> {
  const subject = subjectOf(actor);
  if (permission) authorize(subject, permission);
  const c = await repo.get(actor.directory.partnership.id, id);
  if (!c || !canSeeConsultation(subject, c, asked(actor, c))) throw consultationErrors.unknown();
  return c;
}

/** Whether the caller was asked to act on it: a recipient, or the one a decision was referred to. */
export function asked(actor: Actor, c: Consultation): boolean {
  if (c.referral?.toPersonId === actor.person.id) return true;
  const body = actor.directory.body(c.bodyId);
  return body !== undefined && recipients(body, actor.directory, c.kind, c.extraAgencyIds).some((r) => r.personId === actor.person.id);
}

export function bodyOf(directory: Directory, c: Consultation): Body {
  const body = directory.body(c.bodyId);
  if (!body) throw consultationErrors.bodyGone(c.title);
  return body;
}

/** This person as a recipient of the consultation; with `strict`, someone not asked is refused. */
export function recipientFor(actor: Actor, c: Consultation, strict = true): Recipient {
  const body = bodyOf(actor.directory, c);
  const r = recipients(body, actor.directory, c.kind, c.extraAgencyIds).find((x) => x.personId === actor.person.id);
  if (!r && strict) throw consultationErrors.notAMember(body.name);
  return r ?? { personId: actor.person.id, agencies: [], isChair: false, seatsWithoutAgency: [] };
}

/** The agency a person's card answers for: the first they can answer for, else the first they sit for. */
export const primaryAgency = (r: Recipient) => r.agencies.find((a) => a.canAnswer) ?? r.agencies[0];

export function updateConsultation(repo: Pick<ConsultationRepo, 'get' | 'replaceIfUnchanged'>, c: Consultation, change: (c: Consultation) => Consultation): Promise<Consultation> {
  return updateOptimistically(c, change, { replace: (n) => repo.replaceIfUnchanged(n), reread: () => repo.get(c.partnershipId, c.id) }, recordErrors('consultation'));
}

/** Person ids of the given recipients whom Quorum cannot message. */
export async function unreachableOf(conversations: ConversationRefRepo, directory: Directory, people: readonly Recipient[]): Promise<string[]> {
  const refs = await conversations.list(directory.partnership.id);
  const reachable = new Set(refs.filter((r) => !r.unreachable).map((r) => r.aadObjectId.toLowerCase()));
  return people
    .map((r) => directory.person(r.personId))
    // Someone reached by email alone is not missing from Teams.
    .filter((p): p is Person => p !== undefined && p.channel !== 'email' && !reachable.has(p.aadObjectId.toLowerCase()))
    .map((p) => p.id);
}

/** The people behind these ids, once each, skipping anyone no longer in the directory. */
export function peopleOf(directory: Directory, ids: Iterable<string | undefined>): Person[] {
  return [...new Set(ids)].map((id) => (id ? directory.person(id) : undefined)).filter((p): p is Person => p !== undefined);
}
