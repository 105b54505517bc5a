/** The attendance register of one meeting: checked whole, recorded once, corrected with who and when (domain.md §4). Pure. */
import type { AttendanceMark, MeetingRecord } from './absence.js';
import { chairSeatOf, type Body, type Partnership } from './directory.js';
import { attendingSeats, namedDeputies, type AttendanceRecord, type Meeting, type RegisterCorrection, type RegisterMark } from './meeting.js';
import type { PresentSeat } from './quorum.js';

export const ATTENDANCE_MARKS: readonly AttendanceMark[] = ['present', 'deputy', 'apologies', 'absent'];

export interface RegisterSubmission {
  /** Mark by seat id, as the card sent it. */
  marks: Record<string, string>;
  /** The deputy who attended, by seat id. */
  deputies: Record<string, string>;
}

/** Proxies for this meeting by seat id: who may be marked present for the seat, and who agreed. */
export type MeetingProxies = Record<string, { personId: string; agreedBy?: string }>;

/** What is wrong with a submitted register, one entry per problem; `field` is the seat id. */
export type RegisterProblem =
  | { code: 'REGISTER.NOT_ON_REGISTER'; field: string; because: 'board-staff' | 'vacant' }
  | { code: 'REGISTER.UNKNOWN_SEAT'; field: string }
  | { code: 'REGISTER.UNKNOWN_MARK'; field: string; value: string }
  | { code: 'REGISTER.PROXY_NOT_NAMED'; field: string; proxyId: string }
  | { code: 'REGISTER.NO_DEPUTIES'; field: string }
  | { code: 'REGISTER.DEPUTY_MISSING'; field: string }
  | { code: 'REGISTER.DEPUTY_NOT_NAMED'; field: string; deputyId: string }
  | { code: 'REGISTER.UNMARKED'; seatIds: string[] };

/**
 * Checks a whole register against the body: every attending seat marked once with a known mark, no seat
 * that is not on the body, and a deputy only when named by the seat's agency. Returns every problem.
 */
export function validateRegister(
  body: Body,
  partnership: Pick<Partnership, 'bodies'>,
  submission: RegisterSubmission,
  proxies: MeetingProxies = {},
): { problems: RegisterProblem[]; marks: Record<string, RegisterMark> } {
  const problems: RegisterProblem[] = [];
  const marks: Record<string, RegisterMark> = {};
  const seats = new Map(attendingSeats(body).map((s) => [s.id, s]));
  for (const seatId of new Set([...Object.keys(submission.marks), ...Object.keys(submission.deputies)])) {
    if (seats.has(seatId)) continue;
    const onBody = body.seats.find((s) => s.id === seatId);
    problems.push(onBody ? { code: 'REGISTER.NOT_ON_REGISTER', field: seatId, because: onBody.holderId ? 'board-staff' : 'vacant' } : { code: 'REGISTER.UNKNOWN_SEAT', field: seatId });
  }
  const unmarked: string[] = [];
  for (const seat of seats.values()) {
    const raw = submission.marks[seat.id]?.trim() ?? '';
    if (!raw) {
      unmarked.push(seat.id);
      continue;
    }
    if (!ATTENDANCE_MARKS.includes(raw as AttendanceMark)) {
      problems.push({ code: 'REGISTER.UNKNOWN_MARK', field: seat.id, value: raw });
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
    if (named.length === 0 && proxy) problems.push({ code: 'REGISTER.PROXY_NOT_NAMED', field: seat.id, proxyId: proxy.personId });
    else if (named.length === 0) problems.push({ code: 'REGISTER.NO_DEPUTIES', field: seat.id });
    else if (!deputyId) problems.push({ code: 'REGISTER.DEPUTY_MISSING', field: seat.id });
    else if (!named.includes(deputyId)) problems.push({ code: 'REGISTER.DEPUTY_NOT_NAMED', field: seat.id, deputyId });
    else marks[seat.id] = { mark, deputyId };
  }
  if (unmarked.length) problems.push({ code: 'REGISTER.UNMARKED', seatIds: unmarked });
  return { problems, marks };
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
  const chairChanged = (current.chairedBySeatId ?? '') !== (base.chairedBySeatId ?? '');
  if (changes.length === 0 && !chairChanged) return { kind: 'unchanged', record: current };
  const record: AttendanceRecord = {
    ...current,
    marks: { ...current.marks, ...marks },
    holders: { ...base.holders, ...current.holders },
    revision: current.revision + 1,
    corrections: [...current.corrections, { at, by, changes }],
    quorumMet,
  };
  if (base.chairedBySeatId) record.chairedBySeatId = base.chairedBySeatId;
  else delete record.chairedBySeatId;
  return { kind: 'corrected', changes, record };
}

/**
 * Who chaired the meeting when the chair did not: the chair was not there in person, and a vice chair
 * of the body was (C §3.3). Undefined when the chair chaired it, or nobody stood in.
 */
export function standInChair(body: Body, marks: Record<string, RegisterMark>): string | undefined {
  const chair = chairSeatOf(body);
  if (!chair || marks[chair.id] === undefined || marks[chair.id]?.mark === 'present') return undefined;
  return body.seats.find((s) => s.office === 'vice-chair' && marks[s.id]?.mark === 'present')?.id;
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
