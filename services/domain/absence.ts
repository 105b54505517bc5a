/**
 * Attendance rules (C §5.8; L thresholds; domain.md §4). Pure: meetings and "as of" are passed in.
 * A cancelled (or not yet held) meeting counts for nobody; a held meeting without a mark for a seat
 * (the register not taken, or the seat not yet on the body) neither counts nor breaks a run.
 */
import type { AbsenceRule, Body } from './directory.js';
import { addMonths, londonDate, parseDate } from './calendar.js';
import { isBoardStaff } from './quorum.js';

export type AttendanceMark = 'present' | 'deputy' | 'apologies' | 'absent';

export interface MeetingRecord {
  meetingId: string;
  /** YYYY-MM-DD, London. */
  date: string;
  status: 'scheduled' | 'held' | 'cancelled';
  /** By seat id. */
  marks: Record<string, AttendanceMark>;
  /** Who held each seat at this meeting, by seat id, when known: a run never passes to a new holder. */
  holders?: Record<string, string>;
}

export interface AbsenceStreak {
  length: number;
  /** The meetings of the run, oldest first. */
  meetingIds: string[];
  /** Date of the run's first meeting; absent when there is no run. */
  startedAt?: string;
  /** Meetings of the run at which a deputy attended (shown to the manager). */
  deputyMeetingIds: string[];
}

export interface AttendanceShare {
  /** Held meetings in the window with a mark for the seat. */
  held: number;
  attended: number;
  /** attended / held; null when nothing was held in the window. */
  share: number | null;
  /** The window is (windowStart, windowEnd]: later than windowStart, up to and including windowEnd. */
  windowStart: string;
  windowEnd: string;
  /** Held meetings in the window not attended, oldest first. */
  missedMeetingIds: string[];
  deputyMeetingIds: string[];
}

interface ConcernBase {
  bodyId: string;
  seatId: string;
  holderId: string;
  /** One review per key: the same run (or the same month, for shares) always yields the same key. */
  streakKey: string;
  source: string;
  /** The meetings missed, oldest first. */
  meetingIds: string[];
  deputyMeetingIds: string[];
}

export type AbsenceConcern =
  | (ConcernBase & { kind: 'consecutive'; length: number; threshold: number; startedAt: string })
  | (ConcernBase & {
      kind: 'attendance-share';
      share: number;
      minShare: number;
      attended: number;
      held: number;
      windowStart: string;
      windowEnd: string;
    });

export interface SeatHistoryOptions {
  /** Ignore meetings after this day (a Date is read as its London date). */
  asOf?: Date | string;
  /** The seat's current holder: meetings recorded for another holder end the history. */
  holderId?: string;
}

function dayOf(asOf: Date | string): string {
  if (typeof asOf === 'string') {
    parseDate(asOf);
    return asOf;
  }
  return londonDate(asOf);
}

/** The seat's held, marked meetings up to `asOf`, newest first, ending where another holder's tenure begins. */
function heldHistory(seatId: string, meetings: MeetingRecord[], opts: SeatHistoryOptions) {
  const until = opts.asOf === undefined ? undefined : dayOf(opts.asOf);
  const held = meetings
    .filter((m) => m.status === 'held' && (until === undefined || m.date <= until))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .reverse();
  const out: { meeting: MeetingRecord; mark: AttendanceMark }[] = [];
  for (const meeting of held) {
    const holder = meeting.holders?.[seatId];
    if (opts.holderId !== undefined && holder !== undefined && holder !== opts.holderId) break;
    const mark = meeting.marks[seatId];
    if (mark !== undefined) out.push({ meeting, mark });
  }
  return out;
}

/**
 * The current run of consecutive held meetings the member did not attend themselves, up to the latest.
 * A deputy's attendance is part of the run unless the rule says it resets it.
 */
export function absenceStreak(
  seatId: string,
  meetings: MeetingRecord[],
  rule: { deputyResets?: boolean } | AbsenceRule,
  opts: SeatHistoryOptions = {},
): AbsenceStreak {
  const deputyResets = 'deputyResets' in rule && rule.deputyResets === true;
  const run: MeetingRecord[] = [];
  const deputies: string[] = [];
  for (const { meeting, mark } of heldHistory(seatId, meetings, opts)) {
    if (mark === 'present' || (mark === 'deputy' && deputyResets)) break;
    run.push(meeting);
    if (mark === 'deputy') deputies.push(meeting.meetingId);
  }
  run.reverse();
  deputies.reverse();
  return {
    length: run.length,
    meetingIds: run.map((m) => m.meetingId),
    ...(run[0] ? { startedAt: run[0].date } : {}),
    deputyMeetingIds: deputies,
  };
}

/** Share of the held meetings in the last `windowMonths` months (to `asOf`) that the member attended. */
export function attendanceShare(
  seatId: string,
  meetings: MeetingRecord[],
  asOf: Date | string,
  windowMonths: number,
  opts: { deputyCounts?: boolean; holderId?: string } = {},
): AttendanceShare {
  const windowEnd = dayOf(asOf);
  const windowStart = addMonths(windowEnd, -windowMonths);
  const inWindow = heldHistory(seatId, meetings, { asOf: windowEnd, holderId: opts.holderId })
    .filter(({ meeting }) => meeting.date > windowStart)
    .reverse();
  const attendedMark = (mark: AttendanceMark) => mark === 'present' || (mark === 'deputy' && opts.deputyCounts === true);
  const attended = inWindow.filter(({ mark }) => attendedMark(mark)).length;
  return {
    held: inWindow.length,
    attended,
    share: inWindow.length === 0 ? null : attended / inWindow.length,
    windowStart,
    windowEnd,
    missedMeetingIds: inWindow.filter(({ mark }) => !attendedMark(mark)).map(({ meeting }) => meeting.meetingId),
    deputyMeetingIds: inWindow.filter(({ mark }) => mark === 'deputy').map(({ meeting }) => meeting.meetingId),
  };
}

/**
 * The member's attendance share when it is back at or above the body's threshold, for closing a
 * review the manager has not yet acted on; undefined while it is still below, or under another rule
 * or another holder.
 */
export function recoveredShare(body: Body, seatId: string, holderId: string, meetings: MeetingRecord[], asOf: Date | string): AttendanceShare | undefined {
  const rule = body.absence;
  if (rule.kind !== 'attendance-share') return undefined;
  if (body.seats.find((s) => s.id === seatId)?.holderId !== holderId) return undefined;
  const s = attendanceShare(seatId, meetings, asOf, rule.windowMonths, { deputyCounts: rule.deputyCounts, holderId });
  return s.share !== null && s.share >= rule.minShare ? s : undefined;
}

/**
 * Every filled seat of the body (board staff aside) whose attendance breaches the body's rule.
 * `meetings` are this body's meetings. Keys are stable so that a caller creates one review per run
 * (consecutive) or per member per month (share), however often detection runs.
 */
export function detectAbsenceConcerns(body: Body, meetings: MeetingRecord[], asOf: Date | string): AbsenceConcern[] {
  const rule = body.absence;
  const out: AbsenceConcern[] = [];
  for (const seat of body.seats) {
    if (seat.holderId === undefined || isBoardStaff(seat)) continue;
    const base = { bodyId: body.id, seatId: seat.id, holderId: seat.holderId, source: rule.source };
    switch (rule.kind) {
      case 'consecutive': {
        const streak = absenceStreak(seat.id, meetings, rule, { asOf, holderId: seat.holderId });
        const first = streak.meetingIds[0];
        if (first === undefined || streak.startedAt === undefined || streak.length < rule.count) break;
        out.push({
          ...base,
          kind: 'consecutive',
          streakKey: `${body.id}:${seat.id}:${first}`,
          meetingIds: streak.meetingIds,
          deputyMeetingIds: streak.deputyMeetingIds,
          length: streak.length,
          threshold: rule.count,
          startedAt: streak.startedAt,
        });
        break;
      }
      case 'attendance-share': {
        const s = attendanceShare(seat.id, meetings, asOf, rule.windowMonths, {
          deputyCounts: rule.deputyCounts,
          holderId: seat.holderId,
        });
        if (s.share === null || s.held < 2 || s.share >= rule.minShare) break;
        out.push({
          ...base,
          kind: 'attendance-share',
          streakKey: `${body.id}:${seat.id}:share:${s.windowEnd.slice(0, 7)}`,
          meetingIds: s.missedMeetingIds,
          deputyMeetingIds: s.deputyMeetingIds,
          share: s.share,
          minShare: rule.minShare,
          attended: s.attended,
          held: s.held,
          windowStart: s.windowStart,
          windowEnd: s.windowEnd,
        });
        break;
      }
    }
  }
  return out;
}
