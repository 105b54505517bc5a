import { describe, expect, it } from 'vitest';
import {
  absenceStreak,
  attendanceShare,
  detectAbsenceConcerns,
  type AttendanceMark,
  type MeetingRecord,
} from '../../../services/domain/absence.js';
import type { AbsenceRule } from '../../../services/domain/directory.js';
import { aBody, aSeat } from '../../support/directory-builders.js';

const SEAT = 'member';

/**
 * Meetings for one seat, one a month from January 2026 unless dated: 'P' present, 'D' deputy,
 * 'A' apologies, 'X' absent, 'C' cancelled, 'S' scheduled, '-' held without a mark for the seat.
 */
function history(code: string, start = '2026-01-15'): MeetingRecord[] {
  const marks: Record<string, AttendanceMark> = { P: 'present', D: 'deputy', A: 'apologies', X: 'absent' };
  const [year, month, day] = start.split('-').map(Number) as [number, number, number];
  return [...code].map((c, i) => {
    const d = new Date(Date.UTC(year, month - 1 + i, day));
    const date = d.toISOString().slice(0, 10);
    const mark = marks[c];
    const recorded: Record<string, AttendanceMark> = { other: 'present' };
    if (mark) recorded[SEAT] = mark;
    return { meetingId: `m${i + 1}`, date, status: c === 'C' ? 'cancelled' : c === 'S' ? 'scheduled' : 'held', marks: recorded };
  });
}

describe('absenceStreak', () => {
  it.each([
    { code: 'XX', resets: false, ids: ['m1', 'm2'], deputies: [] },
    { code: 'PXA', resets: false, ids: ['m2', 'm3'], deputies: [] },
    { code: 'PXCA', resets: false, ids: ['m2', 'm4'], deputies: [], why: 'a cancelled meeting neither counts nor breaks the run' },
    { code: 'PXAS', resets: false, ids: ['m2', 'm3'], deputies: [], why: 'a scheduled meeting is not held yet' },
    { code: 'PX-X', resets: false, ids: ['m2', 'm4'], deputies: [], why: 'a held meeting without a mark is skipped' },
    { code: 'XDX', resets: false, ids: ['m1', 'm2', 'm3'], deputies: ['m2'], why: 'by default a deputy does not reset the run' },
    { code: 'XDX', resets: true, ids: ['m3'], deputies: [], why: 'the rule can let a deputy reset the run' },
    { code: 'XXD', resets: true, ids: [], deputies: [] },
    { code: 'XXP', resets: false, ids: [], deputies: [] },
    { code: 'XXPCC', resets: false, ids: [], deputies: [] },
    { code: '', resets: false, ids: [], deputies: [] },
  ])('$code (deputyResets $resets) → $ids $why', ({ code, resets, ids, deputies }) => {
    const meetings = history(code);
    const streak = absenceStreak(SEAT, meetings, { deputyResets: resets });
    expect(streak.meetingIds).toEqual(ids);
    expect(streak.length).toBe(ids.length);
    expect(streak.deputyMeetingIds).toEqual(deputies);
    expect(streak.startedAt).toBe(meetings.find((m) => m.meetingId === ids[0])?.date);
  });

  it('orders meetings by date, whatever the input order', () => {
    const meetings = history('PXX').reverse();
    expect(absenceStreak(SEAT, meetings, { deputyResets: false }).meetingIds).toEqual(['m2', 'm3']);
  });

  it('ignores meetings after asOf', () => {
    const meetings = history('XXPX');
    expect(absenceStreak(SEAT, meetings, { deputyResets: false }, { asOf: '2026-03-01' }).meetingIds).toEqual(['m1', 'm2']);
  });

  it("does not pass the previous holder's absences to a new holder", () => {
    const meetings = history('XXXX').map((m, i) => ({ ...m, holders: { [SEAT]: i < 2 ? 'old' : 'new' } }));
    expect(absenceStreak(SEAT, meetings, { deputyResets: false }, { holderId: 'new' }).meetingIds).toEqual(['m3', 'm4']);
  });

  it('accepts any absence rule', () => {
    const share: AbsenceRule = { kind: 'attendance-share', minShare: 0.75, windowMonths: 12, source: 'L' };
    expect(absenceStreak(SEAT, history('DX'), share).length).toBe(2);
  });
});

describe('attendanceShare', () => {
  // Monthly from 15 Jan 2025 to 15 Mar 2026: 15 meetings; asOf 2026-03-15 → window (2025-03-15, 2026-03-15].
  const code = 'XXX' + 'PDPAPCPXPPDP';
  it.each([
    { deputyCounts: false, held: 11, attended: 7 },
    { deputyCounts: true, held: 11, attended: 9 },
  ])('counts held meetings in the last 12 months (deputyCounts $deputyCounts)', ({ deputyCounts, held, attended }) => {
    const s = attendanceShare(SEAT, history(code, '2025-01-15'), '2026-03-15', 12, { deputyCounts });
    expect(s.windowStart).toBe('2025-03-15');
    expect(s.windowEnd).toBe('2026-03-15');
    expect(s.held).toBe(held);
    expect(s.attended).toBe(attended);
    expect(s.share).toBeCloseTo(attended / held);
    expect(s.deputyMeetingIds).toEqual(['m5', 'm14']);
  });

  it('has no share when nothing was held', () => {
    expect(attendanceShare(SEAT, history('CC'), '2026-03-15', 12).share).toBeNull();
  });

  it('reads a Date as its London day', () => {
    // 23:30 UTC on 14 March is still 14 March in London (GMT): the 15 March meeting is outside.
    expect(attendanceShare(SEAT, history('XP', '2026-02-15'), new Date('2026-03-14T23:30:00Z'), 12).held).toBe(1);
    // 23:30 UTC on 31 March is 1 April in London (BST).
    expect(attendanceShare(SEAT, history('XP', '2026-03-01'), new Date('2026-03-31T23:30:00Z'), 12).windowEnd).toBe('2026-04-01');
  });
});

describe('detectAbsenceConcerns: consecutive meetings', () => {
  const consecutive = (count = 2, deputyResets = false): AbsenceRule => ({ kind: 'consecutive', count, deputyResets, source: 'C §5.8' });
  const body = (rule: AbsenceRule = consecutive()) =>
    aBody({
      id: 'qa',
      absence: rule,
      seats: [
        aSeat({ id: SEAT, holderId: 'holder' }),
        aSeat({ id: 'other', holderId: 'other-holder' }),
        aSeat({ id: 'vacant', holderId: undefined }),
        aSeat({ id: 'staff', roles: ['BS'], office: 'business-support' }),
      ],
    });
  const withOthers = (meetings: MeetingRecord[]) =>
    meetings.map((m) => ({ ...m, marks: { ...m.marks, vacant: 'absent' as const, staff: 'absent' as const } }));

  it.each([
    { name: 'one absence is not a concern', code: 'PX', rule: consecutive(), key: undefined, length: 0 },
    { name: 'two consecutive absences', code: 'PXA', rule: consecutive(), key: 'qa:member:m2', length: 2 },
    { name: 'the run continues: a third absence keeps the key', code: 'PXAX', rule: consecutive(), key: 'qa:member:m2', length: 3 },
    { name: 'across a cancelled meeting', code: 'PXCX', rule: consecutive(), key: 'qa:member:m2', length: 2 },
    { name: 'a new run after attending has a new key', code: 'XXPXX', rule: consecutive(), key: 'qa:member:m4', length: 2 },
    { name: 'attending ends the run', code: 'XXP', rule: consecutive(), key: undefined, length: 0 },
    { name: 'a deputy does not reset by default', code: 'XDX', rule: consecutive(), key: 'qa:member:m1', length: 3 },
    { name: 'a deputy resets when the rule says so', code: 'XDX', rule: consecutive(2, true), key: undefined, length: 0 },
    { name: 'a threshold of three', code: 'PXX', rule: consecutive(3), key: undefined, length: 0 },
    { name: 'a threshold of three, reached', code: 'PXXA', rule: consecutive(3), key: 'qa:member:m2', length: 3 },
  ])('$name ($code)', ({ code, rule, key, length }) => {
    const concerns = detectAbsenceConcerns(body(rule), withOthers(history(code)), '2026-12-31');
    expect(concerns.map((c) => c.streakKey)).toEqual(key ? [key] : []);
    const concern = concerns[0];
    if (concern) {
      expect(concern).toMatchObject({ kind: 'consecutive', bodyId: 'qa', seatId: SEAT, holderId: 'holder', length, source: 'C §5.8' });
    }
  });

  it('one review per run: the key is the same at every detection while the run lasts', () => {
    const meetings = withOthers(history('PXXXX'));
    const keys = ['2026-03-20', '2026-04-20', '2026-05-20'].map((asOf) => detectAbsenceConcerns(body(), meetings, asOf)[0]?.streakKey);
    expect(keys).toEqual(['qa:member:m2', 'qa:member:m2', 'qa:member:m2']);
    expect(detectAbsenceConcerns(body(), meetings, '2026-02-20')).toEqual([]);
  });

  it('shows deputy attendance within the run', () => {
    const [concern] = detectAbsenceConcerns(body(), withOthers(history('PDX')), '2026-12-31');
    expect(concern).toMatchObject({ meetingIds: ['m2', 'm3'], deputyMeetingIds: ['m2'], startedAt: '2026-02-15', threshold: 2 });
  });
});

describe('detectAbsenceConcerns: attendance share over 12 months', () => {
  const rule = (minShare: number, deputyCounts?: boolean): AbsenceRule => ({
    kind: 'attendance-share',
    minShare,
    windowMonths: 12,
    source: 'L',
    ...(deputyCounts === undefined ? {} : { deputyCounts }),
  });
  const body = (r: AbsenceRule) => aBody({ id: 'mesi', absence: r, seats: [aSeat({ id: SEAT, holderId: 'holder' }), aSeat({ id: 'vacant', holderId: undefined })] });

  it.each([
    { name: 'half attended, 75% needed', code: 'PXPX', start: '2025-12-15', min: 0.75, key: 'mesi:member:share:2026-03' },
    { name: 'exactly at the threshold', code: 'PPPX', start: '2025-12-15', min: 0.75, key: undefined },
    { name: 'two thirds meets 66%', code: 'PPX', start: '2026-01-15', min: 0.66, key: undefined },
    { name: 'one held meeting is too few to judge', code: 'CCX', start: '2026-01-15', min: 0.75, key: undefined },
    { name: 'two held meetings are enough', code: 'CXX', start: '2026-01-15', min: 0.75, key: 'mesi:member:share:2026-03' },
    {
      name: 'old absences outside the window do not count',
      code: 'XXXXXX' + 'PPPPPPPPPPPP',
      start: '2024-10-15',
      min: 0.75,
      key: undefined,
    },
    {
      name: 'recent absences inside the window do',
      code: 'PPPPPP' + 'PPPPPPPPXXXX',
      start: '2024-10-15',
      min: 0.75,
      key: 'mesi:member:share:2026-03',
    },
  ])('$name', ({ code, start, min, key }) => {
    const concerns = detectAbsenceConcerns(body(rule(min)), history(code, start), '2026-03-20');
    expect(concerns.map((c) => c.streakKey)).toEqual(key ? [key] : []);
  });

  it('reports the figures', () => {
    const [concern] = detectAbsenceConcerns(body(rule(0.75)), history('PXDX', '2025-12-15'), '2026-03-20');
    expect(concern).toMatchObject({
      kind: 'attendance-share',
      share: 0.25,
      attended: 1,
      held: 4,
      minShare: 0.75,
      windowStart: '2025-03-20',
      windowEnd: '2026-03-20',
      meetingIds: ['m2', 'm3', 'm4'],
      deputyMeetingIds: ['m3'],
    });
  });

  it('counts deputies when the rule says so', () => {
    expect(detectAbsenceConcerns(body(rule(0.75, true)), history('PDDX', '2025-12-15'), '2026-03-20')).toEqual([]);
    expect(detectAbsenceConcerns(body(rule(0.75)), history('PDDX', '2025-12-15'), '2026-03-20')).toHaveLength(1);
  });

  it('keys by the month of detection: same key within a month, a new one the next', () => {
    const meetings = history('PXPX', '2025-12-15');
    const keyAt = (asOf: string) => detectAbsenceConcerns(body(rule(0.75)), meetings, asOf)[0]?.streakKey;
    expect(keyAt('2026-03-16')).toBe(keyAt('2026-03-31'));
    expect(keyAt('2026-04-01')).toBe('mesi:member:share:2026-04');
  });
});
