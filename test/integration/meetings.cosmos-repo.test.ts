import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosmosCarryForwardRepo } from '../../infra/cosmos/carry-forward.cosmos-repo.js';
import { CosmosMeetingRepo } from '../../infra/cosmos/meetings.cosmos-repo.js';
import { MeetingsPersonalData } from '../../infra/cosmos/personal-data.cosmos.js';
import type { CosmosStore } from '../../infra/cosmos/store.js';
import type { AbsenceReview, Apology, AttendanceRecord, Meeting } from '../../services/domain/meeting.js';
import { openTestStore } from '../support/harness.js';

let store: CosmosStore;
let repo: CosmosMeetingRepo;
let carryForward: CosmosCarryForwardRepo;
beforeAll(async () => {
  store = await openTestStore();
  repo = new CosmosMeetingRepo(store.containers.meetings);
  carryForward = new CosmosCarryForwardRepo(store.containers.meetings);
});
afterAll(() => store.dispose());

const P = 'p-meetings';
const meeting = (id: string, over: Partial<Meeting> = {}): Meeting => ({
  id,
  partnershipId: P,
  bodyId: 'body-a',
  date: '2027-01-27',
  time: '14:00',
  startsAt: '2027-01-27T14:00:00.000Z',
  place: 'Civic Centre',
  status: 'scheduled',
  origin: 'manual',
  createdBy: 'mgr',
  createdAt: '2027-01-04T10:00:00.000Z',
  noticeWorkingDays: 10,
  quorumWarnings: [],
  changes: [],
  ...over,
});

describe('CosmosMeetingRepo', () => {
  it('creates a meeting once by its id and replaces it only against the ETag it read', async () => {
    expect(await repo.createMeeting(meeting('m1'))).toBe(true);
    expect(await repo.createMeeting(meeting('m1', { place: 'Elsewhere' }))).toBe(false);
    const read = (await repo.getMeeting(P, 'm1'))!;
    expect(read).toMatchObject({ id: 'm1', place: 'Civic Centre' });
    expect(read.etag).toBeTruthy();
    expect((read as unknown as Record<string, unknown>).type).toBeUndefined();
    const replaced = await repo.replaceMeeting({ ...read, status: 'held' });
    expect(replaced?.status).toBe('held');
    expect(await repo.replaceMeeting({ ...read, status: 'cancelled' })).toBeUndefined();
    expect((await repo.getMeeting(P, 'm1'))?.status).toBe('held');
    expect(await repo.getMeeting('another-partnership', 'm1')).toBeUndefined();
  });

  it('lists meetings by body, status and start', async () => {
    await repo.createMeeting(meeting('m2', { bodyId: 'body-b', startsAt: '2027-02-24T14:00:00.000Z', date: '2027-02-24' }));
    await repo.createMeeting(meeting('m3', { status: 'cancelled', startsAt: '2027-03-24T14:00:00.000Z', date: '2027-03-24' }));
    const ids = async (q: Parameters<CosmosMeetingRepo['listMeetings']>[1]) => (await repo.listMeetings(P, q)).map((m) => m.id).sort();
    expect(await ids({})).toEqual(['m1', 'm2', 'm3']);
    expect(await ids({ bodyIds: ['body-a'] })).toEqual(['m1', 'm3']);
    expect(await ids({ statuses: ['scheduled', 'held'] })).toEqual(['m1', 'm2']);
    expect(await ids({ from: '2027-01-27T14:00:00.000Z' })).toEqual(['m2', 'm3']);
    expect(await ids({ from: '2027-01-01T00:00:00.000Z', to: '2027-02-24T14:00:00.000Z' })).toEqual(['m1', 'm2']);
  });

  it('keeps apologies, registers, reviews and risk entries apart by type, each create-once', async () => {
    const apology: Apology = {
      id: 'm1:apology:s1',
      partnershipId: P,
      meetingId: 'm1',
      bodyId: 'body-a',
      seatId: 's1',
      holderId: 'h1',
      response: 'apologies',
      deputyId: 'd1',
      answeredBy: 'h1',
      answeredAt: 't',
      history: [{ at: 't', by: 'h1', response: 'apologies', deputyId: 'd1' }],
    };
    expect(await repo.createApology(apology)).toBe(true);
    expect(await repo.createApology(apology)).toBe(false);
    const stored = (await repo.getApology(P, apology.id))!;
    expect(await repo.replaceApology({ ...stored, response: 'attending' })).toBeDefined();
    expect(await repo.replaceApology({ ...stored, response: 'attending' })).toBeUndefined();
    expect((await repo.listApologies(P, ['m1', 'm2'])).map((a) => a.response)).toEqual(['attending']);
    expect(await repo.listApologies(P, [])).toEqual([]);

    const register: AttendanceRecord = {
      id: 'm1:register',
      partnershipId: P,
      meetingId: 'm1',
      bodyId: 'body-a',
      date: '2027-01-27',
      marks: { s1: { mark: 'deputy', deputyId: 'd1' } },
      holders: { s1: 'h1' },
      recordedBy: 'mgr',
      recordedAt: 't',
      revision: 0,
      corrections: [],
      quorumMet: true,
    };
    expect(await repo.createRegister(register)).toBe(true);
    expect(await repo.createRegister(register)).toBe(false);
    expect((await repo.listRegisters(P, ['body-a'])).map((r) => r.id)).toEqual(['m1:register']);
    expect(await repo.listRegisters(P, ['body-b'])).toEqual([]);
    // An id of another type is not read as this one.
    expect(await repo.getMeeting(P, 'm1:register')).toBeUndefined();

    const review: AbsenceReview = {
      id: 'absence:body-a:s1:m1',
      partnershipId: P,
      bodyId: 'body-a',
      seatId: 's1',
      holderId: 'h1',
      streakKey: 'body-a:s1:m1',
      kind: 'consecutive',
      summary: 'Did not attend 2 consecutive meetings in person (rule: 2).',
      meetingIds: ['m1', 'm2'],
      deputyMeetingIds: [],
      source: 'C §5.8',
      createdAt: 't',
      status: 'pending',
    };
    const created = await Promise.all([repo.createReview(review), repo.createReview(review), repo.createReview(review)]);
    expect(created.filter(Boolean)).toHaveLength(1);
    expect((await repo.listReviews(P, { status: 'pending', bodyIds: ['body-a'] })).map((r) => r.id)).toEqual([review.id]);
    const read = (await repo.getReview(P, review.id))!;
    await repo.replaceReview({ ...read, status: 'decided', decision: { outcome: 'risk-register', note: 'why', by: 'mgr', at: 't2' } });
    expect(await repo.listReviews(P, { status: 'pending' })).toEqual([]);

    const entry = { id: `risk:${review.id}`, partnershipId: P, reviewId: review.id, personId: 'h1', seatId: 's1', bodyId: 'body-a', reason: 'why', date: '2027-03-01', decidedBy: 'mgr', decidedAt: 't2' };
    expect(await repo.createRiskEntry(entry)).toBe(true);
    expect(await repo.createRiskEntry(entry)).toBe(false);
    expect((await repo.listRiskEntries(P)).map((e) => e.reason)).toEqual(['why']);
    expect((await repo.listMeetings(P)).map((m) => m.id).sort()).toEqual(['m1', 'm2', 'm3']);
  });

  it('leaves the carry-forward items beside it working, and marks them raised once', async () => {
    const item = {
      id: 'non-response:c1',
      partnershipId: P,
      bodyId: 'body-a',
      kind: 'consultation-non-response' as const,
      consultationId: 'c1',
      title: 'Neglect strategy',
      agencyIds: ['a1'],
      createdAt: '2027-01-10T10:00:00.000Z',
    };
    await carryForward.add(item);
    await carryForward.add({ ...item, id: 'non-response:c2', consultationId: 'c2', createdAt: '2027-01-11T10:00:00.000Z' });
    expect((await carryForward.listOpen(P, 'body-a')).map((i) => i.id)).toEqual(['non-response:c1', 'non-response:c2']);
    await Promise.all([carryForward.markRaised(P, 'non-response:c1', 'm1'), carryForward.markRaised(P, 'non-response:c1', 'm1')]);
    await carryForward.markRaised(P, 'non-response:c1', 'm9');
    await carryForward.markRaised(P, 'non-response:missing', 'm1');
    await carryForward.markRaised(P, 'm1', 'm1'); // a meeting, not a carry-forward item: left alone
    expect((await carryForward.listOpen(P, 'body-a')).map((i) => i.id)).toEqual(['non-response:c2']);
    const { resource } = await store.containers.meetings.item('non-response:c1', P).read();
    expect(resource?.raisedAtMeetingId).toBe('m1');
    expect((await repo.getMeeting(P, 'm1'))?.status).toBe('held');
    expect(await repo.listMeetings(P, { bodyIds: ['body-a'], statuses: ['held'] })).toHaveLength(1);
  });
});

describe('the meetings store for data protection', () => {
  const Q = 'p-meetings-2';
  beforeAll(async () => {
    const r = new CosmosMeetingRepo(store.containers.meetings);
    await r.createMeeting(meeting('a1', { partnershipId: Q, date: '2027-01-27' }));
    await r.createMeeting(meeting('b1', { partnershipId: Q, bodyId: 'body-b' }));
    const base = { partnershipId: Q, bodyId: 'body-a', holders: { s1: 'h1' }, recordedBy: 'mgr', recordedAt: 't', revision: 0, corrections: [], quorumMet: true };
    await r.createRegister({ ...base, id: 'a1:register', meetingId: 'a1', date: '2027-01-27', marks: { s1: { mark: 'absent' } } });
    await r.createRegister({ ...base, id: 'a2:register', meetingId: 'a2', date: '2027-06-30', marks: { s1: { mark: 'deputy', deputyId: 'd1' } } });
    await r.createApology({ id: 'a1:apology:s1', partnershipId: Q, meetingId: 'a1', bodyId: 'body-a', seatId: 's1', holderId: 'h1', response: 'attending', answeredBy: 'h1', answeredAt: 't', history: [] });
  });

  it("exports a person's records and, on erasure, keeps them with the seat in the person's place", async () => {
    const person = { id: 'h1', aadObjectId: 'AAD-H1', displayName: 'Holder One' };
    const pd = new MeetingsPersonalData(store.containers.meetings);
    const exported = (await pd.export(Q, person)) as { kind: string }[];
    expect(exported.map((e) => e.kind).sort()).toEqual(['apology', 'register', 'register']);
    expect(await pd.erase(Q, person, () => 'former holder of "Seat 1"')).toBe(3);
    expect(await pd.erase(Q, person, () => 'x')).toBe(0);
    const r = new CosmosMeetingRepo(store.containers.meetings);
    expect((await r.getApology(Q, 'a1:apology:s1'))?.holderId).toBe('former holder of "Seat 1"');
    expect((await r.getRegister(Q, 'a1:register'))?.holders).toEqual({ s1: 'former holder of "Seat 1"' });
    expect(await pd.export(Q, person)).toEqual([]);
  });
});
