import type { Directory, Person, SeatAssignment } from './directory.js';
import { authorizationErrors } from './error-messages/authorization.js';

/**
 * Who may do what, in one place. Every command, card verb, job digest and dashboard view asks
 * this module; a table-driven test covers every permission for every role.
 */

export type Role = 'member' | 'deputy' | 'body-chair' | 'independent-chair' | 'manager' | 'outsider';

export const PERMISSIONS = {
  // Consultations and votes
  'consultation.send': ['body-chair', 'independent-chair', 'manager'],
  'consultation.answer': ['member', 'deputy'],
  'consultation.comment': ['member', 'deputy', 'body-chair', 'independent-chair', 'manager'],
  'consultation.tally': ['body-chair', 'independent-chair', 'manager'],
  'consultation.casting-vote': ['independent-chair', 'body-chair'],
  'consultation.consensus': ['independent-chair', 'body-chair', 'manager'],
  'consultation.refer': ['member', 'deputy'],
  // Meetings and attendance
  'meeting.schedule': ['body-chair', 'independent-chair', 'manager'],
  'meeting.apologies': ['member', 'body-chair', 'independent-chair'],
  'meeting.proxy': ['body-chair', 'independent-chair'],
  'meeting.register': ['manager'],
  'meeting.brief': ['body-chair', 'independent-chair', 'manager'],
  'absence.review': ['manager'],
  // Actions and policies
  'action.create': ['body-chair', 'independent-chair', 'manager'],
  'action.view-body': ['body-chair', 'independent-chair', 'manager'],
  'action.accept-due-date': ['body-chair', 'independent-chair'],
  'policy.manage': ['manager'],
  // Data protection and administration
  'person.export': ['manager'],
  'person.remove': ['manager'],
  'directory.install': ['manager'],
  'membership.manage': ['manager'],
  'dashboard.view': ['member', 'deputy', 'body-chair', 'independent-chair', 'manager'],
  // Dashboard: the whole register and every agency's row of a body, beyond one's own seats
  'attendance.view-body': ['body-chair', 'independent-chair', 'manager'],
  'dashboard.annual-report': ['body-chair', 'independent-chair', 'manager'],
  // Agency returns (Section 11 and the data set): the rest is in canSeeAllReturns and canFillReturn
  'returns.open': ['manager'],
  'returns.reopen': ['manager'],
  // Peer review meetings (C §6.5), asked on the QA body: its chair, and the manager
  'returns.peer-review': ['body-chair', 'manager'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export interface Subject {
  personId: string;
  directory: Directory;
  assignments: SeatAssignment[];
  isManager: boolean;
}

/** The roles a person has, on one body or (without a body) anywhere in the partnership. */
export function rolesOf(subject: Subject, bodyId?: string): Role[] {
  const roles = new Set<Role>();
  if (subject.isManager) roles.add('manager');
  for (const a of subject.assignments) {
    if (bodyId && a.body.id !== bodyId) continue;
    if (a.as === 'deputy') roles.add('deputy');
    else if (a.seat.office === 'independent-chair') roles.add('independent-chair');
    else if (a.seat.office === 'chair') roles.add('body-chair');
    // A chair who sits for an agency (the QA and PPYP chairs) also answers for it.
    if (a.as === 'holder' && a.seat.agencyId && a.seat.office !== 'independent-chair') roles.add('member');
  }
  if (roles.size === 0) roles.add('outsider');
  return [...roles];
}

export interface Scope {
  /** The body the thing belongs to; roles are taken on that body. */
  bodyId?: string;
  /** For confidential items: only these people (and nobody else, not even by role) may see them. */
  confidentialTo?: string[];
}

export function can(subject: Subject, permission: Permission, scope: Scope = {}): boolean {
  if (scope.confidentialTo && !scope.confidentialTo.includes(subject.personId)) return false;
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return rolesOf(subject, scope.bodyId).some((r) => allowed.includes(r));
}

/** Throws a clear refusal unless the subject may do it. */
export function authorize(subject: Subject, permission: Permission, scope: Scope = {}): void {
  if (!can(subject, permission, scope)) {
    throw authorizationErrors.refused(permission);
  }
}

export const subjectOf = (actor: { person: Person; directory: Directory; assignments: SeatAssignment[]; isManager: boolean }): Subject => ({
  personId: actor.person.id,
  directory: actor.directory,
  assignments: actor.assignments,
  isManager: actor.isManager,
});

// ----- Records reached by an id the client sent -----
//
// A record the caller may not see does not exist for them: a use case that takes an id first checks
// the caller's right to act at all, then reads the record only to ask these, and answers a record
// it may not show exactly as an unknown id (same words, no title, no body, no state).

/** A confidential action: only the people named on it, whatever their role. */
export function canSeeAction(subject: Pick<Subject, 'personId'>, a: { confidential: boolean; viewers: readonly string[] }): boolean {
  return !a.confidential || a.viewers.includes(subject.personId);
}

/**
 * A draft (or cancelled draft) consultation: those who may send for its body. A sent one: those who
 * sit on its body or were asked (extra agencies), and those who may see its tally.
 */
export function canSeeConsultation(subject: Subject, c: { bodyId: string; status: string }, asked: boolean): boolean {
  if (can(subject, 'consultation.send', { bodyId: c.bodyId })) return true;
  if (c.status === 'draft' || c.status === 'cancelled') return false;
  return asked || can(subject, 'consultation.tally', { bodyId: c.bodyId }) || sitsOn(subject, c.bodyId);
}

/** A meeting: those who sit on its body (holders, deputies, the manager), and deputies named for one of its seats. */
export function canSeeMeeting(subject: Subject, m: { bodyId: string }, namedDeputy: boolean): boolean {
  return namedDeputy || sitsOn(subject, m.bodyId);
}

/** An idempotent replay of a create (the form's id again): only the person who made the record gets it back. */
export function isReplayBy(subject: Subject, record: { createdBy?: string }): boolean {
  return record.createdBy === subject.personId;
}

/** Holds or deputises for a seat on the body, or is the manager (who organises every body's business). */
const sitsOn = (subject: Subject, bodyId: string) => subject.isManager || subject.assignments.some((a) => a.body.id === bodyId);

// ----- Agency returns (Section 11, the data set) -----

/** Every agency's return in full: the manager, the independent chair and those who sit on the QA sub-group. */
export function canSeeAllReturns(subject: Subject, qaBodyId: string): boolean {
  return subject.isManager || subject.assignments.some((a) => a.seat.office === 'independent-chair' || a.body.id === qaBodyId);
}

/** The matrix of ratings: those who see every return, and the board. */
export function canSeeReturnsMatrix(subject: Subject, qaBodyId: string, boardId: string | undefined): boolean {
  return canSeeAllReturns(subject, qaBodyId) || (boardId !== undefined && sitsOn(subject, boardId));
}

/** An agency's return: its return leads, its own people (any seat for it), and those who see every return. */
export function canSeeReturn(subject: Subject, qaBodyId: string, agencyId: string, leadIds: readonly string[]): boolean {
  return canFillReturn(subject, leadIds) || subject.assignments.some((a) => a.seat.agencyId === agencyId) || canSeeAllReturns(subject, qaBodyId);
}

/** Saving and submitting: only the agency's return leads (its board member, deputy, named audit lead). */
export function canFillReturn(subject: Pick<Subject, 'personId'>, leadIds: readonly string[]): boolean {
  return leadIds.includes(subject.personId);
}
