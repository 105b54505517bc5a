import type { Actor, DirectoryService } from '../directory/index.js';
import { authorize, can, canSeeMeeting, subjectOf, type Permission } from '../domain/authorization.js';
import type { Body, Directory } from '../domain/directory.js';
import { meetingErrors } from '../domain/error-messages/meeting.js';
import { attendingProxy, attendingSeats, hasStarted, isUpcoming, namedDeputies, quorumApologies, type AbsenceReview, type Apology, type CadencePattern, type Meeting } from '../domain/meeting.js';
import { forecastQuorum, type QuorumResult } from '../domain/quorum.js';
import { recordErrors } from '../domain/error-messages/records.js';
import { updateOptimistically } from '../optimistic-update.js';
import type { Clock } from '../ports/clock.js';
import type { CarryForwardRepo, Outbox } from '../ports/consultations.js';
import type { Logger } from '../ports/logger.js';
import type { MeetingPresenter, MeetingRepo, MeetingSight } from '../ports/meetings.js';
import type { NewDelivery } from '../ports/outbox.js';
import type { AuditLog } from '../ports/repositories.js';

/** Everything the meeting use cases may use; each slice takes only the part it needs. */
export interface MeetingPorts {
  repo: MeetingRepo;
  carryForward: CarryForwardRepo;
  directory: DirectoryService;
  outbox: Outbox;
  present: MeetingPresenter;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  newId: () => string;
  /** London hour at which notices, warnings and briefs go out on their working day. */
  reminderHour: number;
  quorumWarningWorkingDays?: number;
  /** How far ahead cadence meetings are planned. Default 12 months. */
  planMonths?: number;
  cadencePattern?: CadencePattern;
  /** Meetings held in Teams (services/meeting/invitations.ts): told of each added, planned, changed or cancelled meeting and each answer. */
  onChanged?: (partnershipId: string, meetingId: string) => Promise<unknown>;
}

export function bodiesWhere(actor: Actor, permission: Permission): Body[] {
  return actor.directory.bodies.filter((b) => can(subjectOf(actor), permission, { bodyId: b.id }));
}

function isNamedDeputy(actor: Actor, m: Meeting): boolean {
  const body = actor.directory.body(m.bodyId);
  return body !== undefined && attendingSeats(body).some((seat) => namedDeputies(actor.directory.partnership, seat).includes(actor.person.id));
}

/**
 * The only read of a meeting by a client-sent id: the caller's right to act anywhere first, then
 * the meeting, which a caller who may not see it gets as an unknown id.
 */
export async function requireMeeting(repo: Pick<MeetingRepo, 'getMeeting'>, actor: Actor, id: string, permission?: Permission): Promise<Meeting> {
  const subject = subjectOf(actor);
  if (permission) authorize(subject, permission);
  const m = await repo.getMeeting(actor.directory.partnership.id, id);
  if (!m || !canSeeMeeting(subject, m, isNamedDeputy(actor, m) || (m.guestIds ?? []).includes(actor.person.id))) throw meetingErrors.unknownMeeting();
  return m;
}

/** Absence reviews are the manager's: the right to review comes before the id is read. */
export async function requireReview(repo: Pick<MeetingRepo, 'getReview'>, actor: Actor, id: string): Promise<AbsenceReview> {
  authorize(subjectOf(actor), 'absence.review');
  const r = await repo.getReview(actor.directory.partnership.id, id);
  if (!r) throw meetingErrors.unknownReview();
  return r;
}

export function bodyOf(directory: Directory, m: { bodyId: string }): Body {
  const body = directory.body(m.bodyId);
  if (!body) throw meetingErrors.bodyGone(m.bodyId);
  return body;
}

export function assertUpcoming(directory: Directory, m: Meeting, now: Date) {
  if (m.status === 'cancelled') throw meetingErrors.cancelledCannotChange();
  if (!isUpcoming(m, now)) throw meetingErrors.startedCannotChange(bodyOf(directory, m).name);
}

export function assertHappened(directory: Directory, m: Meeting, now: Date) {
  const body = bodyOf(directory, m);
  if (m.status === 'cancelled') throw meetingErrors.cancelledNoRegister(body.name, new Date(m.startsAt));
  if (!hasStarted(m, now)) throw meetingErrors.notHeldNoRegister(body.name, new Date(m.startsAt));
}

export function updateMeeting(repo: Pick<MeetingRepo, 'replaceMeeting' | 'getMeeting'>, m: Meeting, change: (m: Meeting) => Meeting): Promise<Meeting> {
  return updateOptimistically(m, change, { replace: (n) => repo.replaceMeeting(n), reread: () => repo.getMeeting(m.partnershipId, m.id) }, recordErrors('meeting'));
}

export function updateReview(repo: Pick<MeetingRepo, 'replaceReview' | 'getReview'>, r: AbsenceReview, change: (r: AbsenceReview) => AbsenceReview): Promise<AbsenceReview> {
  return updateOptimistically(r, change, { replace: (n) => repo.replaceReview(n), reread: () => repo.getReview(r.partnershipId, r.id) }, recordErrors('absence-review'));
}

export function audit(ports: Pick<MeetingPorts, 'audit' | 'clock'>, partnershipId: string, actor: string, action: string, subject: string, before?: unknown, after?: unknown) {
  return ports.audit.record({ partnershipId, at: ports.clock.now().toISOString(), actor, action, subject, before, after });
}

export function chairAndManagers(directory: Directory, body: Body): string[] {
  return [...new Set([directory.chairSeat(body)?.holderId, ...directory.managers().map((p) => p.id)].filter((id): id is string => id !== undefined))];
}

/** Seat-holders and any deputy or proxy named to attend: everyone told of a change or a cancellation. */
export async function invitees(repo: Pick<MeetingRepo, 'listApologies'>, directory: Directory, m: Meeting): Promise<string[]> {
  const body = bodyOf(directory, m);
  const apologies = await repo.listApologies(m.partnershipId, [m.id]);
  const sent = apologies.flatMap((a) => [a.deputyId, attendingProxy(a, body.proxies)]).filter((id): id is string => id !== undefined);
  return [...new Set([...attendingSeats(body).map((s) => s.holderId!), ...sent, ...(m.guestIds ?? [])])];
}

export function toPeople(directory: Directory, m: Meeting, personIds: string[], batchId: string, card: (personId: string) => NewDelivery['card']): NewDelivery[] {
  return personIds
    .map((id) => directory.person(id))
    .filter((p) => p !== undefined)
    .map((p) => ({ partnershipId: m.partnershipId, batchId, recipientAad: p.aadObjectId, card: card(p.id) }));
}

/** The meeting as this person sees it now: their seat (the one asked for, else their first) and what they may do. */
export function sightOf(actor: Actor, m: Meeting, apologies: Apology[], now: Date, seatId?: string): MeetingSight {
  const body = bodyOf(actor.directory, m);
  const mine = attendingSeats(body).filter((s) => s.holderId === actor.person.id);
  const seat = mine.find((s) => s.id === seatId) ?? mine[0];
  const subject = subjectOf(actor);
  const upcoming = isUpcoming(m, now);
  return {
    meeting: m,
    apologies,
    personId: actor.person.id,
    ...(seat ? { seatId: seat.id } : {}),
    isManager: actor.isManager,
    now,
    can: {
      edit: upcoming && can(subject, 'meeting.schedule', { bodyId: m.bodyId }),
      cancel: upcoming && can(subject, 'meeting.schedule', { bodyId: m.bodyId }),
      brief: upcoming && can(subject, 'meeting.brief', { bodyId: m.bodyId }),
      register: hasStarted(m, now) && can(subject, 'meeting.register', { bodyId: m.bodyId }),
    },
  };
}

/** Reads the meeting's answers and returns how the actor sees it. */
export async function sight(ports: Pick<MeetingPorts, 'repo' | 'clock'>, actor: Actor, m: Meeting, seatId?: string): Promise<MeetingSight> {
  return sightOf(actor, m, await ports.repo.listApologies(m.partnershipId, [m.id]), ports.clock.now(), seatId);
}

/** Quorum as it will stand if everyone expected comes, from the answers so far. */
export function forecast(directory: Directory, body: Body, apologies: Apology[]): QuorumResult {
  return forecastQuorum({ body, agencies: directory.partnership.agencies, apologies: quorumApologies(apologies, body.proxies) });
}

/** Runs a job's step for one item; one that fails is logged and skipped, so the rest still run. */
export async function isolated(log: Logger, what: Record<string, unknown>, step: () => Promise<void>): Promise<boolean> {
  try {
    await step();
    return true;
  } catch (err) {
    log.error({ ...what, err: err instanceof Error ? err.message : String(err) }, 'meeting job step failed; skipped');
    return false;
  }
}
