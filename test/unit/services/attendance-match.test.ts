import { beforeAll, describe, expect, it } from 'vitest';
import { readPartnershipFile } from '../../../infra/partnership-file.js';
import { Directory, type Partnership } from '../../../services/domain/directory.js';
import { attendingSeats, type Apology } from '../../../services/domain/meeting.js';
import { proposeRegister, type MatchInput } from '../../../services/meeting/attendance-match.js';
import type { AttendanceEntry } from '../../../services/ports/online-meetings.js';

/**
 * The matcher that turns Teams' attendance report into a proposed register (pure), on Merton's BIG:
 * by Entra id, by email for a guest (any case), a deputy named in the apologies, someone who joined
 * twice, someone under the minimum, people matching no seat, and a deputy who could stand in for
 * several of the agency's seats attending for one.
 */
let partnership: Partnership;
let directory: Directory;

beforeAll(async () => {
  const sample = await readPartnershipFile('partnerships/merton-2015.json');
  partnership = { ...sample, people: sample.people.map((p) => (p.id === 'p-cafcass' ? { ...p, email: 'SSM@cafcass.example' } : p)) };
  directory = new Directory(partnership);
});

const body = () => directory.body('mscb-big')!;
const aad = (personId: string) => directory.person(personId)!.aadObjectId;
const minutes = (m: number): Pick<AttendanceEntry, 'seconds' | 'intervals'> => ({ seconds: m * 60, intervals: [] });
const by = (personId: string, m: number): AttendanceEntry => ({ aadObjectId: aad(personId), ...minutes(m) });
const apology = (seatId: string, deputyId?: string): Apology => ({
  id: `a-${seatId}`,
  partnershipId: partnership.id,
  meetingId: 'm-1',
  bodyId: 'mscb-big',
  seatId,
  holderId: body().seats.find((s) => s.id === seatId)!.holderId!,
  response: 'apologies',
  ...(deputyId ? { deputyId } : {}),
  answeredBy: 'x',
  answeredAt: '2027-01-10T10:00:00.000Z',
  history: [],
});

function propose(entries: AttendanceEntry[], apologies: Apology[] = [], presentMinutes = 15) {
  const holders: MatchInput['holders'] = {};
  for (const seat of attendingSeats(body())) holders[seat.id] = seat.holderId!;
  const result = proposeRegister({ body: body(), partnership, holders, apologies, entries, presentMinutes });
  return { ...result, mark: (seatId: string) => result.marks.find((m) => m.seatId === seatId) };
}

describe('the attendance report matcher', () => {
  it('marks a holder present by Entra id, in any case, with their minutes', () => {
    const r = propose([{ ...by('p-ccg-chief-officer', 50), aadObjectId: aad('p-ccg-chief-officer').toUpperCase() }]);
    expect(r.mark('big-ccg')).toEqual({ seatId: 'big-ccg', mark: 'present', minutes: 50 });
    expect(r.others).toEqual([]);
  });

  it('counts the deputy named in the apologies for the seat, and marks a seat with apologies and nobody in as apologies', () => {
    const r = propose([by('p-borough-commander-deputy', 80)], [apology('big-police', 'p-borough-commander-deputy'), apology('big-probation')]);
    expect(r.mark('big-police')).toEqual({ seatId: 'big-police', mark: 'deputy', deputyId: 'p-borough-commander-deputy', minutes: 80 });
    expect(r.mark('big-probation')).toEqual({ seatId: 'big-probation', mark: 'apologies', minutes: 0 });
    expect(r.mark('big-lay')).toEqual({ seatId: 'big-lay', mark: 'absent', minutes: 0 });
  });

  it('matches a guest who joined by email, whatever its case', () => {
    const r = propose([{ email: 'ssm@CAFCASS.example', displayName: 'CAFCASS (guest)', ...minutes(40) }]);
    expect(r.mark('big-cafcass')).toEqual({ seatId: 'big-cafcass', mark: 'present', minutes: 40 });
    expect(r.others).toEqual([]);
  });

  it('sums someone who joined twice, so two short stays can make the minimum', () => {
    const r = propose([by('p-probation-aco', 10), by('p-probation-aco', 10)]);
    expect(r.mark('big-probation')).toEqual({ seatId: 'big-probation', mark: 'present', minutes: 20 });
  });

  it('marks someone under the minimum absent, with the minutes they were in', () => {
    const r = propose([by('p-probation-aco', 14)], [], 15);
    expect(r.mark('big-probation')).toEqual({ seatId: 'big-probation', mark: 'absent', minutes: 14 });
    expect(propose([by('p-probation-aco', 14)], [], 10).mark('big-probation')!.mark).toBe('present');
  });

  it('lists participants matching no seat, never dropping them: unknown by id or email, and partnership people of no seat here', () => {
    const r = propose([
      { aadObjectId: 'ffffffff-0000-4000-8000-00000000abcd', displayName: 'Visiting observer', ...minutes(30) },
      { email: 'note.taker@elsewhere.example', displayName: 'Note taker', ...minutes(5) },
      { email: 'note.taker@elsewhere.example', displayName: 'Note taker', ...minutes(7) },
      by('p-head-primary', 60),
    ]);
    expect(r.others).toEqual([
      { personId: 'p-head-primary', displayName: directory.person('p-head-primary')!.displayName, minutes: 60 },
      { displayName: 'Visiting observer', minutes: 30 },
      { displayName: 'Note taker', email: 'note.taker@elsewhere.example', minutes: 12 },
    ]);
    expect(r.marks.every((m) => m.mark === 'absent')).toBe(true);
  });

  it('lets a deputy attend for one seat only, though they could stand in for several of the agency', () => {
    // The CSF Director's deputy is a standing deputy for each CSF seat; none of the CSF holders came.
    const r = propose([by('p-csf-director-deputy', 90)]);
    const deputised = r.marks.filter((m) => m.mark === 'deputy');
    expect(deputised).toEqual([{ seatId: 'big-csf-director', mark: 'deputy', deputyId: 'p-csf-director-deputy', minutes: 90 }]);
    // Named in the apologies for another CSF seat, they attend for that one.
    const named = propose([by('p-csf-director-deputy', 90)], [apology('big-csf-education', 'p-csf-director-deputy')]);
    expect(named.marks.filter((m) => m.mark === 'deputy').map((m) => m.seatId)).toEqual(['big-csf-education']);
  });
});
