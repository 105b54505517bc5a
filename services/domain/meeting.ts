/**
 * Meetings, apologies, the attendance register, absence reviews and the risk register
 * (domain.md §4; C §5.6-5.8, §6.2-6.3; ToRs §2.6-2.7). Pure: time and the directory are passed in.
 */
import type { AbsenceConcern, AttendanceMark } from './absence.js';
import { atLondonTime } from './calendar.js';
import { NON_VOTING_ROLES, type Body, type Partnership, type Seat } from './directory.js';
import { isBoardStaff, type MissingItem } from './quorum.js';

export type MeetingStatus = 'scheduled' | 'held' | 'cancelled';

/** Invitations 10 working days before (ToRs §2.6); the chair is warned of a failing quorum 3 before. */
export const DEFAULT_NOTICE_WORKING_DAYS = 10;
export const DEFAULT_QUORUM_WARNING_WORKING_DAYS = 3;
export const LIMITS = { place: 200, url: 1000, note: 2000 } as const;

export interface MeetingDetails {
  /** YYYY-MM-DD, London. */
  date: string;
  /** HH:MM, London. */
  time: string;
  place?: string;
  /** A Teams meeting link. */
  joinUrl?: string;
  /** How long it is booked for, when the form said; else the body's usual length, else two hours. */
  durationMinutes?: number;
}

export const DEFAULT_MEETING_MINUTES = 120;
/** The lengths a meeting may be booked for, in minutes (the form and a body's cadence). */
export const MEETING_MINUTES = { min: 15, max: 600 } as const;

/** When the meeting ends: its own length, else its body's usual length, else DEFAULT_MEETING_MINUTES. */
export function meetingEndsAt(m: Pick<Meeting, 'startsAt' | 'durationMinutes'>, body?: { cadence: { meetingMinutes?: number } }): Date {
  const minutes = m.durationMinutes ?? body?.cadence.meetingMinutes ?? DEFAULT_MEETING_MINUTES;
  return new Date(Date.parse(m.startsAt) + minutes * 60_000);
}

export interface MeetingChange {
  at: string;
  by: string;
  before: MeetingDetails;
  after: MeetingDetails;
}

export interface Meeting extends MeetingDetails {
  id: string;
  partnershipId: string;
  bodyId: string;
  /** The London date and time as an instant. */
  startsAt: string;
  status: MeetingStatus;
  /** Generated from the body's cadence, or added by the manager or a chair. */
  origin: 'cadence' | 'manual';
  createdBy: string;
  createdAt: string;
  noticeWorkingDays: number;
  noticesSentAt?: string;
  briefSentAt?: string;
  /**
   * Each quorum warning sent, with what was missing, so a changed forecast warns again and the same
   * one does not; `moves` is how often the meeting had been moved when it was sent (absent: never).
   * Warnings stored before the facts were kept hold what was missing in words (strings).
   */
  quorumWarnings: { at: string; missing: (MissingItem | string)[]; moves?: number }[];
  /** When the register was first recorded. */
  heldAt?: string;
  cancelledAt?: string;
  cancelledBy?: string;
  changes: MeetingChange[];
  /** Invited besides the body's seat-holders (a peer review's chair and agency lead, C §6.5). */
  guestIds?: string[];
  /** Why the meeting was added, when it is one of a series planned elsewhere. */
  purpose?: { kind: 'peer-review'; roundId: string; agencyId: string };
  etag?: string;
}

/** Whether a change of details moves the meeting to another date or time (not just another place). */
export function isMove(before: Pick<MeetingDetails, 'date' | 'time'>, after: Pick<MeetingDetails, 'date' | 'time'>): boolean {
  return before.date !== after.date || before.time !== after.time;
}

/** How often the meeting has been moved to another date or time: each move re-plans the brief and the quorum forecast. */
export function timesMoved(m: Pick<Meeting, 'changes'>): number {
  return m.changes.filter((c) => isMove(c.before, c.after)).length;
}

/** The quorum warnings sent for the meeting's present date and time. */
export function warningsSinceLastMove(m: Pick<Meeting, 'changes' | 'quorumWarnings'>): Meeting['quorumWarnings'] {
  const moves = timesMoved(m);
  return m.quorumWarnings.filter((w) => (w.moves ?? 0) === moves);
}

/**
 * Whether a forecast lacks what the last warning said was lacking. A warning stored in words (before the
 * facts were kept) is compared by how many things it named, so an upgrade does not repeat a warning.
 */
export function sameMissing(stored: readonly (MissingItem | string)[], now: readonly MissingItem[]): boolean {
  if (stored.some((m) => typeof m === 'string')) return stored.length === now.length;
  return JSON.stringify(stored) === JSON.stringify(now);
}

/** The outbox batch of a scheduled send about a meeting: the first date keeps the plain id, each move gets its own. */
export function meetingBatchId(m: Pick<Meeting, 'id' | 'changes'>, what: string): string {
  const moves = timesMoved(m);
  return moves === 0 ? `meeting:${m.id}:${what}` : `meeting:${m.id}:moved-${moves}:${what}`;
}

export type AttendanceResponse = 'attending' | 'apologies';

/** A seat-holder's answer to a meeting notice: attending, or apologies with an optional deputy. */
export interface Apology {
  id: string;
  partnershipId: string;
  meetingId: string;
  bodyId: string;
  seatId: string;
  agencyId?: string;
  holderId: string;
  response: AttendanceResponse;
  deputyId?: string;
  /** Someone sent for this one meeting where the body allows proxies (not a standing deputy). */
  proxyId?: string;
  /** The chair's answer to the proxy, where the body's rule asks for it. */
  proxyAgreement?: { agreed: boolean; by: string; at: string };
  answeredBy: string;
  answeredAt: string;
  /** The standing answer came by a signed email link rather than in Teams. */
  answeredVia?: 'email';
  /** Every answer, oldest first; the last is the standing one. */
  history: { at: string; by: string; response: AttendanceResponse; deputyId?: string; proxyId?: string; via?: 'email' }[];
  etag?: string;
}

export interface RegisterMark {
  mark: AttendanceMark;
  /** Who attended, when a deputy did. */
  deputyId?: string;
  /** The one who attended was the member's proxy for this meeting, agreed by the chair where the rule asks. */
  proxy?: { agreedBy?: string };
}

export interface RegisterCorrection {
  at: string;
  by: string;
  changes: { seatId: string; before?: RegisterMark; after: RegisterMark }[];
}

/** The attendance register of one meeting: one mark per seat; corrections keep who and when. */
export interface AttendanceRecord {
  id: string;
  partnershipId: string;
  meetingId: string;
  bodyId: string;
  date: string;
  marks: Record<string, RegisterMark>;
  /** Who held each seat at the meeting, so an absence run never passes to a new holder. */
  holders: Record<string, string>;
  recordedBy: string;
  recordedAt: string;
  /**
   * The seat of whoever chaired the meeting when it was not the body's chair (the chair sent
   * apologies and a vice chair took the chair); absent when the chair chaired it.
   */
  chairedBySeatId?: string;
  /** 0 when first recorded, +1 per correction. */
  revision: number;
  corrections: RegisterCorrection[];
  quorumMet: boolean;
  etag?: string;
}

export type ReviewOutcome = 'reason-accepted' | 'no-further-action' | 'risk-register';
/** How a review ends: the manager's outcome, or 'recovered' when the member's share came back first. */
export type ReviewEnd = ReviewOutcome | 'recovered';
/** Who closes a review that closed itself. */
export const SYSTEM_ACTOR = 'system';

/** What breached the absence rule, with how many of the meetings a deputy attended. */
export type AbsenceBreach =
  | { kind: 'consecutive'; length: number; threshold: number; deputies: number }
  | { kind: 'attendance-share'; attended: number; held: number; share: number; minShare: number; deputies: number };

/** The attendance share that closed a review by itself, and the rule it met. */
export interface ReviewRecovery {
  attended: number;
  held: number;
  share: number;
  minShare: number;
  windowMonths: number;
}

/** One review per absence run (or per member and month for attendance shares), for the manager (C §5.8). */
export interface AbsenceReview {
  id: string;
  partnershipId: string;
  bodyId: string;
  seatId: string;
  holderId: string;
  agencyId?: string;
  streakKey: string;
  kind: AbsenceConcern['kind'];
  /** The breach, as facts (absent on reviews stored before they were kept). */
  breach?: AbsenceBreach;
  /** The breach in words, on reviews stored before the facts were kept; shown when `breach` is absent. */
  summary?: string;
  meetingIds: string[];
  deputyMeetingIds: string[];
  source: string;
  createdAt: string;
  status: 'pending' | 'decided';
  notifiedAt?: string;
  /** `note`: the manager's; on reviews that closed themselves before `recovery` was kept, why in words. */
  decision?: { outcome: ReviewEnd; note?: string; recovery?: ReviewRecovery; by: string; at: string };
  etag?: string;
}

/** An entry of the board's risk register made from an absence review. */
export interface RiskRegisterEntry {
  id: string;
  partnershipId: string;
  reviewId: string;
  personId: string;
  seatId: string;
  bodyId: string;
  agencyId?: string;
  reason: string;
  /** YYYY-MM-DD, London: the date of the decision. */
  date: string;
  decidedBy: string;
  decidedAt: string;
}

// ---- ids ----

/** Ids and batch ids must not contain / \ ? or # (Cosmos ids and outbox deliveries). */
export const safeKey = (...parts: string[]) => parts.map((p) => p.replace(/[/\\?#\s]/g, '-')).join(':');
export const cadenceMeetingId = (bodyId: string, slot: string) => safeKey(bodyId, slot);
export const apologyId = (meetingId: string, seatId: string) => safeKey(meetingId, 'apology', seatId);
export const registerId = (meetingId: string) => safeKey(meetingId, 'register');
export const reviewId = (streakKey: string) => safeKey('absence', streakKey);
export const riskEntryId = (reviewIdValue: string) => safeKey('risk', reviewIdValue);

export function startsAt(date: string, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  return atLondonTime(date, h ?? 0, m ?? 0);
}

/** A meeting has happened once it has started, unless it was cancelled. */
export const hasStarted = (m: Meeting, now: Date) => m.status !== 'cancelled' && Date.parse(m.startsAt) <= now.getTime();
export const isUpcoming = (m: Meeting, now: Date) => m.status === 'scheduled' && Date.parse(m.startsAt) > now.getTime();

// ---- seats and deputies ----

/** The seats that attend: every filled seat but board staff, who run the meeting rather than sit at it. */
export function attendingSeats(body: Body): Seat[] {
  return body.seats.filter((s) => s.holderId !== undefined && !isBoardStaff(s));
}

/**
 * The deputies an agency has named (C §5.6): the standing deputy of any of its seats in the partnership,
 * the seat's own first. Sector seats name none (C §5.7), and advisory seats have no deputy (App3).
 */
export function namedDeputies(partnership: Pick<Partnership, 'bodies'>, seat: Seat): string[] {
  if (!seat.agencyId || seat.roles.every((r) => NON_VOTING_ROLES.includes(r))) return [];
  const ids = new Set<string>();
  if (seat.deputyId) ids.add(seat.deputyId);
  for (const body of partnership.bodies) {
    for (const s of body.seats) if (s.agencyId === seat.agencyId && s.deputyId) ids.add(s.deputyId);
  }
  if (seat.holderId) ids.delete(seat.holderId);
  return [...ids];
}

export * from './meeting-cadence.js';
export * from './meeting-apologies.js';
export * from './meeting-register.js';
export * from './absence-review.js';
