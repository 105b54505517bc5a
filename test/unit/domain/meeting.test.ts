import { describe, expect, it } from 'vitest';
import { decisionNote, reviewSummary } from '../../../cards/meeting/absence-words.js';
import mertonJson from '../../../partnerships/merton-2015.json' with { type: 'json' };
import { detectAbsenceConcerns } from '../../../services/domain/absence.js';
import { registerProblems } from '../../../cards/meeting/present-register.js';
import { Directory, type Partnership } from '../../../services/domain/directory.js';
import {
  applyRegister,
  applyResponse,
  attendingSeats,
  cadenceMonths,
  cadenceSlots,
  namedDeputies,
  nthWeekday,
  presentFromMarks,
  quorumApologies,
  reviewFromConcern,
  safeKey,
  sameMissing,
  standInChair,
  startsAt,
  toMeetingRecords,
  validateRegister,
  type Apology,
  type AttendanceRecord,
  type Meeting,
} from '../../../services/domain/meeting.js';
import { aBody, aSeat } from '../../support/directory-builders.js';

const merton = mertonJson as unknown as Partnership;
const body = (id: string) => merton.bodies.find((b) => b.id === id)!;
const seat = (bodyId: string, seatId: string) => body(bodyId).seats.find((s) => s.id === seatId)!;

describe('cadence', () => {
  it.each([
    { cadence: { meetingsPerYear: 4, months: [9, 1, 6, 3] }, months: [1, 3, 6, 9] },
    { cadence: { meetingsPerYear: 6 }, months: [1, 3, 5, 7, 9, 11] },
    { cadence: { meetingsPerYear: 4 }, months: [1, 4, 7, 10] },
    { cadence: { meetingsPerYear: 3 }, months: [1, 5, 9] },
    { cadence: { meetingsPerYear: 8 }, months: [1, 2, 4, 5, 7, 8, 10, 11] },
    { cadence: { meetingsPerYear: 0 }, months: [] },
  ])('meets in $months for $cadence', ({ cadence, months }) => {
    expect(cadenceMonths({ noticeWorkingDays: 10, papersWorkingDays: 5, description: '', ...cadence })).toEqual(months);
  });

  it('puts a meeting on the nth weekday, moved off a bank holiday', () => {
    expect(nthWeekday(2027, 1, 2, 3)).toBe('2027-01-19'); // third Tuesday
    expect(nthWeekday(2027, 5, 1, 1)).toBe('2027-05-04'); // Mon 3 May is the Early May bank holiday
  });

  it("plans the Merton board's four meetings a year (C §6.2, App4) within the range", () => {
    const slots = cadenceSlots(body('mscb-board').cadence, '2027-01-01', '2027-12-31');
    expect(slots).toEqual([
      { slot: '2027-01', date: '2027-01-19', time: '10:00' },
      { slot: '2027-03', date: '2027-03-16', time: '10:00' },
      { slot: '2027-06', date: '2027-06-15', time: '10:00' },
      { slot: '2027-09', date: '2027-09-21', time: '10:00' },
    ]);
    expect(cadenceSlots(body('mscb-board').cadence, '2027-01-20', '2027-06-15').map((s) => s.slot)).toEqual(['2027-03', '2027-06']);
  });

  it('reads a London time in summer and winter', () => {
    expect(startsAt('2027-01-19', '10:00').toISOString()).toBe('2027-01-19T10:00:00.000Z');
    expect(startsAt('2027-06-15', '10:00').toISOString()).toBe('2027-06-15T09:00:00.000Z');
  });

  it('keeps ids free of / \\ ? #', () => {
    expect(safeKey('a/b', 'c?d#e\\f')).toBe('a-b:c-d-e-f');
  });
});

describe('seats and deputies', () => {
  it('lists every filled seat but board staff', () => {
    const ids = attendingSeats(body('mscb-big')).map((s) => s.id);
    expect(ids).toContain('big-independent-chair');
    expect(ids).not.toContain('big-manager');
    expect(attendingSeats(body('mscb-board')).map((s) => s.id)).not.toContain('board-school-independent'); // vacant
  });

  it("offers the agency's named deputies, the seat's own first (C §5.6)", () => {
    expect(namedDeputies(merton, seat('mscb-big', 'big-police'))).toEqual(['p-borough-commander-deputy', 'p-dci-cait-deputy']);
  });

  it('offers none to sector seats (C §5.7) or advisory seats (App3)', () => {
    expect(namedDeputies(merton, seat('mscb-board', 'board-lay-1'))).toEqual([]);
    expect(namedDeputies(merton, seat('mscb-board', 'board-designated-doctor'))).toEqual([]);
    expect(namedDeputies(merton, seat('mscb-board', 'board-independent-chair'))).toEqual([]);
  });
});

describe('answers to a notice', () => {
  const base = { id: 'm1:apology:s1', partnershipId: 'p', meetingId: 'm1', bodyId: 'b', seatId: 's1', agencyId: 'a', holderId: 'h' };
  const at = (n: number) => `2027-01-0${n}T09:00:00.000Z`;

  it('records, ignores a repeat, and keeps every change', () => {
    const first = applyResponse(undefined, base, { personId: 'h', response: 'apologies', deputyId: 'd1', at: at(1) });
    expect(first.kind).toBe('recorded');
    const stored = { ...first.apology, etag: 'e1' };
    expect(applyResponse(stored, base, { personId: 'h', response: 'apologies', deputyId: 'd1', at: at(2) }).kind).toBe('unchanged');
    const changed = applyResponse(stored, base, { personId: 'h', response: 'apologies', deputyId: 'd2', at: at(3) });
    expect(changed).toMatchObject({ kind: 'changed', previousDeputyId: 'd1', apology: { deputyId: 'd2', etag: 'e1' } });
    const attending = applyResponse(changed.apology, base, { personId: 'h', response: 'attending', deputyId: 'd2', at: at(4) });
    expect(attending.apology.deputyId).toBeUndefined();
    expect(attending.apology.history.map((h) => [h.response, h.deputyId])).toEqual([
      ['apologies', 'd1'],
      ['apologies', 'd2'],
      ['attending', undefined],
    ]);
  });

  it('gives the quorum forecast the apologies, and whether a deputy comes', () => {
    const a = (seatId: string, response: Apology['response'], deputyId?: string) => ({ ...base, seatId, response, deputyId }) as Apology;
    expect(quorumApologies([a('s1', 'attending'), a('s2', 'apologies'), a('s3', 'apologies', 'd')])).toEqual([
      { seatId: 's2', deputyAttending: false },
      { seatId: 's3', deputyAttending: true },
    ]);
  });
});

describe('the register', () => {
  const big = body('mscb-big');
  const allPresent = () => Object.fromEntries(attendingSeats(big).map((s) => [s.id, 'present']));
  /** The problems as the register card words them. */
  const words = (problems: Parameters<typeof registerProblems>[2]) => registerProblems(new Directory(merton), big.id, problems);

  it('accepts a complete register', () => {
    const { problems, marks } = validateRegister(big, merton, { marks: { ...allPresent(), 'big-police': 'deputy' }, deputies: { 'big-police': 'p-dci-cait-deputy' } });
    expect(problems).toEqual([]);
    expect(marks['big-police']).toEqual({ mark: 'deputy', deputyId: 'p-dci-cait-deputy' });
    expect(marks['big-ccg']).toEqual({ mark: 'present' });
  });

  it.each<{ name: string; marks: Record<string, string>; deputies: Record<string, string>; error: string }>([
    { name: 'a seat not on the body', marks: { 'board-ccg': 'present' }, deputies: {}, error: '"board-ccg" is not a seat on Business Implementation Group.' },
    { name: 'a board staff seat', marks: { 'big-manager': 'present' }, deputies: {}, error: 'board staff seat' },
    { name: 'an unknown mark', marks: { 'big-ccg': 'late' }, deputies: {}, error: '"late" is not a mark' },
    { name: 'a deputy without a name', marks: { 'big-police': 'deputy' }, deputies: {}, error: 'Say which deputy attended' },
    { name: 'a deputy not named by the agency', marks: { 'big-police': 'deputy' }, deputies: { 'big-police': 'p-ccg-chief-officer-deputy' }, error: 'is not a deputy named by the agency' },
    { name: 'a deputy for a sector seat', marks: { 'big-lay': 'deputy' }, deputies: { 'big-lay': 'p-nhse-deputy' }, error: 'has no named deputy' },
  ])('refuses $name', ({ marks, deputies, error }) => {
    const result = validateRegister(big, merton, { marks: { ...allPresent(), ...marks }, deputies });
    expect(words(result.problems).join(' ')).toContain(error);
  });

  it('asks for every seat to be marked', () => {
    const marks = allPresent();
    delete marks['big-cafcass'];
    expect(words(validateRegister(big, merton, { marks, deputies: {} }).problems)).toEqual(['Mark every seat. Not marked: Senior Service Manager, CAFCASS.']);
  });

  const base = { id: 'm1:register', partnershipId: 'p', meetingId: 'm1', bodyId: 'b', date: '2027-01-20', holders: { s1: 'h1', s2: 'h2' } };
  it('records once, ignores the same register again, and keeps each correction with who and when', () => {
    const first = applyRegister(undefined, base, { s1: { mark: 'present' }, s2: { mark: 'absent' } }, true, 'mgr', 't1');
    expect(first).toMatchObject({ kind: 'recorded', record: { revision: 0, recordedBy: 'mgr', recordedAt: 't1' } });
    expect(applyRegister(first.record, base, { s1: { mark: 'present' }, s2: { mark: 'absent' } }, true, 'mgr', 't2').kind).toBe('unchanged');
    const corrected = applyRegister(first.record, base, { s1: { mark: 'present' }, s2: { mark: 'apologies' } }, true, 'admin', 't3');
    expect(corrected.kind).toBe('corrected');
    expect(corrected.record).toMatchObject({ revision: 1, recordedBy: 'mgr', marks: { s2: { mark: 'apologies' } } });
    expect(corrected.record.corrections).toEqual([{ at: 't3', by: 'admin', changes: [{ seatId: 's2', before: { mark: 'absent' }, after: { mark: 'apologies' } }] }]);
  });

  it('counts a deputy for the agency, and apologies or absence for nobody', () => {
    expect(presentFromMarks({ a: { mark: 'present' }, b: { mark: 'deputy', deputyId: 'd' }, c: { mark: 'apologies' }, d: { mark: 'absent' } })).toEqual([
      { seatId: 'a', inPerson: true },
      { seatId: 'b', inPerson: false, deputy: true },
    ]);
  });
});

describe('who chaired', () => {
  const qa = body('mscb-qa');
  const all = (mark: 'present' | 'apologies') => Object.fromEntries(attendingSeats(qa).map((s) => [s.id, { mark }]));
  it('is the vice chair when the chair was not there in person and the vice chair was (C §3.3)', () => {
    expect(standInChair(qa, { ...all('present'), 'qa-chair': { mark: 'apologies' } })).toBe('qa-designated-doctor');
    expect(standInChair(qa, { ...all('present'), 'qa-chair': { mark: 'deputy', deputyId: 'x' } })).toBe('qa-designated-doctor');
  });
  it('is nobody else when the chair chaired, or when no vice chair came', () => {
    expect(standInChair(qa, all('present'))).toBeUndefined();
    expect(standInChair(qa, { ...all('present'), 'qa-chair': { mark: 'absent' }, 'qa-designated-doctor': { mark: 'apologies' } })).toBeUndefined();
  });
});

describe('absence detection over meetings and registers', () => {
  const s = aSeat({ id: 'member', agencyId: 'agency', holderId: 'person-1' });
  const b = aBody({ id: 'body', seats: [s, aSeat({ id: 'other', agencyId: 'x' })] });
  const meeting = (n: number, status: Meeting['status'] = 'scheduled'): Meeting => ({
    id: `m${n}`,
    partnershipId: 'p',
    bodyId: 'body',
    date: `2027-0${n}-15`,
    time: '10:00',
    startsAt: `2027-0${n}-15T10:00:00.000Z`,
    status,
    origin: 'manual',
    createdBy: 'mgr',
    createdAt: '2027-01-01T00:00:00.000Z',
    noticeWorkingDays: 10,
    quorumWarnings: [],
    changes: [],
  });
  const register = (n: number, mark: 'present' | 'deputy' | 'apologies' | 'absent'): AttendanceRecord => ({
    id: `m${n}:register`,
    partnershipId: 'p',
    meetingId: `m${n}`,
    bodyId: 'body',
    date: `2027-0${n}-15`,
    marks: { member: mark === 'deputy' ? { mark, deputyId: 'dep' } : { mark }, other: { mark: 'present' } },
    holders: { member: 'person-1', other: 'person-other' },
    recordedBy: 'mgr',
    recordedAt: 't',
    revision: 0,
    corrections: [],
    quorumMet: true,
  });

  it('treats a meeting as held only once its register is recorded, and a cancelled one as nobody’s', () => {
    const records = toMeetingRecords([meeting(1, 'held'), meeting(2, 'cancelled'), meeting(3)], [register(1, 'absent'), register(2, 'absent')]);
    expect(records.map((r) => r.status)).toEqual(['held', 'cancelled', 'scheduled']);
    expect(records[1]!.marks).toEqual({});
  });

  it('keeps one streak key across a cancelled meeting, so one review per run', () => {
    const meetings = [meeting(1, 'held'), meeting(2, 'cancelled'), meeting(3, 'held'), meeting(4, 'held')];
    const after3 = detectAbsenceConcerns(b, toMeetingRecords(meetings.slice(0, 3), [register(1, 'apologies'), register(3, 'absent')]), '2027-03-31');
    const after4 = detectAbsenceConcerns(b, toMeetingRecords(meetings, [register(1, 'apologies'), register(3, 'absent'), register(4, 'deputy')]), '2027-04-30');
    expect(after3.map((c) => c.streakKey)).toEqual(['body:member:m1']);
    expect(after4.map((c) => c.streakKey)).toEqual(['body:member:m1']);
    const review = reviewFromConcern(after4[0]!, 'p', 'agency', 't');
    expect(review).toMatchObject({ id: 'absence:body:member:m1', status: 'pending', meetingIds: ['m1', 'm3', 'm4'], deputyMeetingIds: ['m4'] });
    expect(reviewSummary(review)).toBe('Did not attend 3 consecutive meetings in person (rule: 2); a deputy attended 1 of them.');
  });

  it('shows a review stored before its facts were kept by the words stored on it', () => {
    const summary = 'Did not attend 2 consecutive meetings in person (rule: 2).';
    const note = 'Attended 5 of 6 meetings in the last 12 months (83%; rule: at least 66%) before the review was decided, so it closed itself.';
    expect(reviewSummary({ summary })).toBe(summary);
    expect(decisionNote({ outcome: 'recovered', note, by: 'system', at: 't' })).toBe(note);
    expect(decisionNote({ outcome: 'recovered', recovery: { attended: 5, held: 6, share: 5 / 6, minShare: 0.66, windowMonths: 12 }, by: 'system', at: 't' })).toBe(note);
  });
});

describe('a quorum warning repeated', () => {
  const police = { kind: 'named', name: 'Metropolitan Police' } as const;
  const twoMore = { kind: 'more-units', count: 2, statutoryOnly: true, byServiceArea: false, besidesChair: false } as const;
  it('is the same when the same things are missing, and changed when they differ', () => {
    expect(sameMissing([police, twoMore], [police, twoMore])).toBe(true);
    expect(sameMissing([police], [police, twoMore])).toBe(false);
    expect(sameMissing([twoMore], [{ ...twoMore, count: 1 }])).toBe(false);
  });
  it('compares a warning stored in words by how many things it named', () => {
    expect(sameMissing(['Metropolitan Police', '2 more statutory agencies'], [police, twoMore])).toBe(true);
    expect(sameMissing(['Metropolitan Police'], [police, twoMore])).toBe(false);
  });
});
