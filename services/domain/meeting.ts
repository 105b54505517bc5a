/**
 * Meetings, apologies, the attendance register, absence reviews and the risk register
 * (domain.md §4; C §5.6-5.8, §6.2-6.3; ToRs §2.6-2.7). Pure: time and the directory are passed in.
 */
import type { AbsenceConcern, AttendanceMark, MeetingRecord } from './absence.js';
import { addWorkingDays, atLondonTime, isWorkingDay, parseDate, weekdayOf, type Weekday } from './calendar.js';
import { NON_VOTING_ROLES, type Body, type Cadence, type Partnership, type ProxyRule, type Seat } from './directory.js';
import { isBoardStaff, type Apology as QuorumApology, type PresentSeat } from './quorum.js';

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
   */
  quorumWarnings: { at: string; missing: string[]; moves?: number }[];
  /** When the register was first recorded. */
  heldAt?: string;
  cancelledAt?: string;
  cancelledBy?: string;
  changes: MeetingChange[];
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
  /** Every answer, oldest first; the last is the standing one. */
  history: { at: string; by: string; response: AttendanceResponse; deputyId?: string; proxyId?: string }[];
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
  /** 0 when first recorded, +1 per correction. */
  revision: number;
  corrections: RegisterCorrection[];
  quorumMet: boolean;
  etag?: string;
}

export type ReviewOutcome = 'reason-accepted' | 'no-further-action' | 'risk-register';
/** How a review ends: the manager's outcome, or 'recovered' when the member's share came back first. */
export type ReviewEnd = ReviewOutcome | 'recovered';
export const REVIEW_OUTCOMES: Record<ReviewEnd, string> = {
  'reason-accepted': 'Reason accepted',
  'no-further-action': 'Reviewed, no further action',
  'risk-register': 'Added to the risk register',
  recovered: 'Closed: attendance recovered',
};
/** Who closes a review that closed itself. */
export const SYSTEM_ACTOR = 'system';

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
  /** The breach in words, e.g. "Did not attend 2 consecutive meetings (rule: 2)". */
  summary: string;
  meetingIds: string[];
  deputyMeetingIds: string[];
  source: string;
  createdAt: string;
  status: 'pending' | 'decided';
  notifiedAt?: string;
  decision?: { outcome: ReviewEnd; note?: string; by: string; at: string };
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

// ---- cadence ----

/** Where in the month cadence meetings fall: by default the third Tuesday at 10:00. */
export interface CadencePattern {
  weekday: Weekday;
  /** 1-4: the nth such weekday of the month. */
  week: number;
  hour: number;
  minute: number;
}

export const DEFAULT_CADENCE_PATTERN: CadencePattern = { weekday: 2, week: 3, hour: 10, minute: 0 };

/** The months a body meets in: those the documents name, else spread evenly through the year. */
export function cadenceMonths(cadence: Cadence): number[] {
  if (cadence.months && cadence.months.length > 0) return [...new Set(cadence.months)].sort((a, b) => a - b);
  const n = Math.min(12, Math.max(0, Math.floor(cadence.meetingsPerYear)));
  return Array.from({ length: n }, (_, i) => 1 + Math.floor((i * 12) / n));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The nth weekday of a month, moved to the next working day when it is a bank holiday. */
export function nthWeekday(year: number, month: number, weekday: Weekday, week: number): string {
  const first = `${year}-${pad(month)}-01`;
  const offset = (weekday - weekdayOf(first) + 7) % 7;
  const date = `${year}-${pad(month)}-${pad(1 + offset + (Math.min(Math.max(week, 1), 4) - 1) * 7)}`;
  return isWorkingDay(date) ? date : addWorkingDays(date, 1);
}

export interface CadenceSlot {
  /** YYYY-MM: one meeting per slot, so the id is stable however often planning runs. */
  slot: string;
  date: string;
  time: string;
}

/** The body's cadence meetings with dates in [from, until]. */
export function cadenceSlots(cadence: Cadence, from: string, until: string, pattern: CadencePattern = DEFAULT_CADENCE_PATTERN): CadenceSlot[] {
  const start = parseDate(from);
  const end = parseDate(until);
  const months = new Set(cadenceMonths(cadence));
  const out: CadenceSlot[] = [];
  for (let index = start.year * 12 + start.month - 1; index <= end.year * 12 + end.month - 1; index++) {
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    if (!months.has(month)) continue;
    const date = nthWeekday(year, month, pattern.weekday, pattern.week);
    if (date < from || date > until) continue;
    out.push({ slot: `${year}-${pad(month)}`, date, time: `${pad(pattern.hour)}:${pad(pattern.minute)}` });
  }
  return out;
}

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

// ---- apologies ----

export interface ResponseInput {
  personId: string;
  response: AttendanceResponse;
  deputyId?: string;
  proxyId?: string;
  at: string;
}

export type ResponseOutcome =
  | { kind: 'recorded' | 'changed'; apology: Apology; previousDeputyId?: string }
  | { kind: 'unchanged'; apology: Apology };

/** Applies a seat-holder's answer; the same answer twice changes nothing, and every change is kept. */
export function applyResponse(
  current: Apology | undefined,
  base: Pick<Apology, 'id' | 'partnershipId' | 'meetingId' | 'bodyId' | 'seatId' | 'agencyId' | 'holderId'>,
  input: ResponseInput,
): ResponseOutcome {
  const deputyId = input.response === 'apologies' ? input.deputyId : undefined;
  const proxyId = input.response === 'apologies' ? input.proxyId : undefined;
  if (current && current.response === input.response && current.deputyId === deputyId && current.proxyId === proxyId) return { kind: 'unchanged', apology: current };
  const next: Apology = {
    ...base,
    ...(current?.etag ? { etag: current.etag } : {}),
    response: input.response,
    deputyId,
    proxyId,
    // The chair's agreement was to this proxy: another one asks again.
    ...(proxyId !== undefined && current?.proxyId === proxyId && current.proxyAgreement ? { proxyAgreement: current.proxyAgreement } : {}),
    answeredBy: input.personId,
    answeredAt: input.at,
    history: [...(current?.history ?? []), { at: input.at, by: input.personId, response: input.response, deputyId, ...(proxyId ? { proxyId } : {}) }],
  };
  if (deputyId === undefined) delete next.deputyId;
  if (proxyId === undefined) delete next.proxyId;
  return { kind: current ? 'changed' : 'recorded', apology: next, previousDeputyId: current?.deputyId };
}

/** The proxy who will attend for the seat: named, and agreed by the chair where the body's rule asks (L, Partnership Group ToR). */
export function attendingProxy(a: Apology, rule: ProxyRule | undefined): string | undefined {
  if (a.response !== 'apologies' || a.proxyId === undefined || !rule) return undefined;
  return !rule.chairAgreement || a.proxyAgreement?.agreed === true ? a.proxyId : undefined;
}

/** The apologies as the quorum forecast reads them: a named deputy, or an agreed proxy, attends for the agency. */
export function quorumApologies(apologies: Apology[], proxies?: ProxyRule): QuorumApology[] {
  return apologies
    .filter((a) => a.response === 'apologies')
    .map((a) => ({ seatId: a.seatId, deputyAttending: a.deputyId !== undefined || attendingProxy(a, proxies) !== undefined }));
}

// ---- the register ----

export const MARK_LABELS: Record<AttendanceMark, string> = {
  present: 'Present',
  deputy: 'Present as deputy',
  apologies: 'Apologies',
  absent: 'Absent',
};
const MARKS = Object.keys(MARK_LABELS) as AttendanceMark[];

export interface RegisterSubmission {
  /** Mark by seat id, as the card sent it. */
  marks: Record<string, string>;
  /** The deputy who attended, by seat id. */
  deputies: Record<string, string>;
}

/** Proxies for this meeting by seat id: who may be marked present for the seat, and who agreed. */
export type MeetingProxies = Record<string, { personId: string; agreedBy?: string }>;

/**
 * Checks a whole register against the body: every attending seat marked once with a known mark, no seat
 * that is not on the body, and a deputy only when named by the seat's agency. Returns every problem.
 */
export function validateRegister(
  body: Body,
  partnership: Pick<Partnership, 'bodies'>,
  submission: RegisterSubmission,
  name: (personId: string) => string = (id) => id,
  proxies: MeetingProxies = {},
): { errors: string[]; marks: Record<string, RegisterMark> } {
  const errors: string[] = [];
  const marks: Record<string, RegisterMark> = {};
  const seats = new Map(attendingSeats(body).map((s) => [s.id, s]));
  for (const seatId of new Set([...Object.keys(submission.marks), ...Object.keys(submission.deputies)])) {
    if (seats.has(seatId)) continue;
    const onBody = body.seats.find((s) => s.id === seatId);
    errors.push(
      onBody
        ? `"${onBody.title}" is ${onBody.holderId ? 'a board staff seat' : 'vacant'}, so it is not on the register.`
        : `"${seatId}" is not a seat on ${body.name}.`,
    );
  }
  const unmarked: string[] = [];
  for (const seat of seats.values()) {
    const raw = submission.marks[seat.id]?.trim() ?? '';
    if (!raw) {
      unmarked.push(seat.title);
      continue;
    }
    if (!MARKS.includes(raw as AttendanceMark)) {
      errors.push(`"${raw}" is not a mark for "${seat.title}": choose present, present as deputy, apologies or absent.`);
      continue;
    }
    const mark = raw as AttendanceMark;
    if (mark !== 'deputy') {
      marks[seat.id] = { mark };
      continue;
    }
    const deputyId = submission.deputies[seat.id]?.trim() ?? '';
    const proxy = proxies[seat.id];
    if (proxy && deputyId === proxy.personId) {
      marks[seat.id] = { mark, deputyId, proxy: proxy.agreedBy ? { agreedBy: proxy.agreedBy } : {} };
      continue;
    }
    const named = namedDeputies(partnership, seat);
    if (named.length === 0 && proxy) errors.push(`Say who attended for "${seat.title}": ${name(proxy.personId)} was its proxy.`);
    else if (named.length === 0) errors.push(`"${seat.title}" has no named deputy (sector seats and advisors have none), so it cannot be present as deputy.`);
    else if (!deputyId) errors.push(`Say which deputy attended for "${seat.title}".`);
    else if (!named.includes(deputyId)) errors.push(`${name(deputyId)} is not a deputy named by the agency of "${seat.title}".`);
    else marks[seat.id] = { mark, deputyId };
  }
  if (unmarked.length) errors.push(`Mark every seat. Not marked: ${unmarked.join('; ')}.`);
  return { errors, marks };
}

const sameMark = (a: RegisterMark | undefined, b: RegisterMark) =>
  a !== undefined && a.mark === b.mark && a.deputyId === b.deputyId && a.proxy?.agreedBy === b.proxy?.agreedBy && (a.proxy === undefined) === (b.proxy === undefined);

export type RegisterOutcome =
  | { kind: 'recorded'; record: AttendanceRecord }
  | { kind: 'corrected'; record: AttendanceRecord; changes: RegisterCorrection['changes'] }
  | { kind: 'unchanged'; record: AttendanceRecord };

/** Records the register, or a correction of it (kept with who and when). The same register again changes nothing. */
export function applyRegister(
  current: AttendanceRecord | undefined,
  base: Omit<AttendanceRecord, 'marks' | 'recordedBy' | 'recordedAt' | 'revision' | 'corrections' | 'etag' | 'quorumMet'>,
  marks: Record<string, RegisterMark>,
  quorumMet: boolean,
  by: string,
  at: string,
): RegisterOutcome {
  if (!current) {
    return { kind: 'recorded', record: { ...base, marks, recordedBy: by, recordedAt: at, revision: 0, corrections: [], quorumMet } };
  }
  const changes = Object.entries(marks)
    .filter(([seatId, after]) => !sameMark(current.marks[seatId], after))
    .map(([seatId, after]) => ({ seatId, before: current.marks[seatId], after }));
  if (changes.length === 0) return { kind: 'unchanged', record: current };
  return {
    kind: 'corrected',
    changes,
    record: {
      ...current,
      marks: { ...current.marks, ...marks },
      holders: { ...base.holders, ...current.holders },
      revision: current.revision + 1,
      corrections: [...current.corrections, { at, by, changes }],
      quorumMet,
    },
  };
}

/** Attendance as the quorum rules read it: any attendance counts, a deputy's for the seat's agency. */
export function presentFromMarks(marks: Record<string, RegisterMark>): PresentSeat[] {
  return Object.entries(marks)
    .filter(([, m]) => m.mark === 'present' || m.mark === 'deputy')
    .map(([seatId, m]) => (m.mark === 'present' ? { seatId, inPerson: true } : { seatId, inPerson: false, deputy: true }));
}

/** A body's meetings as the absence rules read them: held only once the register is recorded. */
export function toMeetingRecords(meetings: Meeting[], registers: AttendanceRecord[]): MeetingRecord[] {
  const byMeeting = new Map(registers.map((r) => [r.meetingId, r]));
  return meetings.map((m) => {
    const register = m.status === 'cancelled' ? undefined : byMeeting.get(m.id);
    const marks: MeetingRecord['marks'] = {};
    for (const [seatId, mark] of Object.entries(register?.marks ?? {})) marks[seatId] = mark.mark;
    return {
      meetingId: m.id,
      date: m.date,
      status: m.status === 'cancelled' ? 'cancelled' : register ? 'held' : 'scheduled',
      marks,
      holders: register?.holders,
    };
  });
}

// ---- absence reviews ----

export function describeConcern(c: AbsenceConcern): string {
  const deputy = c.deputyMeetingIds.length ? `; a deputy attended ${c.deputyMeetingIds.length} of them` : '';
  if (c.kind === 'consecutive') {
    return `Did not attend ${c.length} consecutive meeting${c.length === 1 ? '' : 's'} in person (rule: ${c.threshold})${deputy}.`;
  }
  return `Attended ${c.attended} of ${c.held} meetings in the last 12 months (${Math.round(c.share * 100)}%; rule: at least ${Math.round(c.minShare * 100)}%)${deputy}.`;
}

/** Why an attendance-share review closed itself: the member's share is back at or above the rule. */
export function describeRecovery(s: { attended: number; held: number; share: number | null }, rule: { minShare: number; windowMonths: number }): string {
  return `Attended ${s.attended} of ${s.held} meetings in the last ${rule.windowMonths} months (${Math.round((s.share ?? 0) * 100)}%; rule: at least ${Math.round(rule.minShare * 100)}%) before the review was decided, so it closed itself.`;
}

export function reviewFromConcern(c: AbsenceConcern, partnershipId: string, agencyId: string | undefined, at: string): AbsenceReview {
  return {
    id: reviewId(c.streakKey),
    partnershipId,
    bodyId: c.bodyId,
    seatId: c.seatId,
    holderId: c.holderId,
    ...(agencyId ? { agencyId } : {}),
    streakKey: c.streakKey,
    kind: c.kind,
    summary: describeConcern(c),
    meetingIds: c.meetingIds,
    deputyMeetingIds: c.deputyMeetingIds,
    source: c.source,
    createdAt: at,
    status: 'pending',
  };
}
