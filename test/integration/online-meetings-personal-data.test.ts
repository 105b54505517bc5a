import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standInWords } from '../../cards/data-protection/words.js';
import { CosmosOnlineMeetingRepo } from '../../infra/cosmos/online-meetings.cosmos-repo.js';
import { cosmosPersonalData } from '../../infra/cosmos/personal-data.cosmos.js';
import { OnlineMeetingsPersonalData } from '../../infra/cosmos/online-meetings.personal-data.js';
import type { CosmosStore } from '../../infra/cosmos/store.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { standInFor } from '../../services/domain/data-protection.js';
import { Directory, type Person } from '../../services/domain/directory.js';
import { openTestStore } from '../support/harness.js';

/**
 * Subject access and removal for the records of meetings held in Teams (issue #15), against the
 * embedded Cosmos store: the Police deputy was invited (the invitation's invitee list), attended for
 * the Police seat (the proposed register), and is in the live meeting; a guest who joined by email
 * is listed among the others. Each person gets their own lines only; once erased they are named
 * nowhere in these records, and everyone else's lines stay as they were.
 */
const P = 'merton-2015';
let store: CosmosStore;
let directory: Directory;
let data: OnlineMeetingsPersonalData;
let repo: CosmosOnlineMeetingRepo;
const GUEST_EMAIL = 'Visiting.Officer@Elsewhere.example';

const person = (id: string): Person => directory.person(id)!;
const aad = (id: string) => person(id).aadObjectId.toLowerCase();
const everything = async () => JSON.stringify((await store.containers.meetings.items.readAll().fetchAll()).resources);

beforeAll(async () => {
  store = await openTestStore();
  const partnership = await readPartnershipFile('partnerships/merton-2015.json');
  // A guest member whose email is how Teams' attendance report knows them.
  partnership.people.push({ id: 'p-visiting-officer', aadObjectId: '0b0a0d00-0000-4000-8000-0000000000aa', displayName: 'Visiting Officer (guest)', email: GUEST_EMAIL.toLowerCase(), guest: true });
  directory = new Directory(partnership);
  data = new OnlineMeetingsPersonalData(store.containers.meetings);
  repo = new CosmosOnlineMeetingRepo(store.containers.meetings);
  const invitees = ['p-borough-commander', 'p-borough-commander-deputy', 'p-ccg-chief-officer'];
  await repo.create('invitation', { id: 'inv-1', partnershipId: P, meetingId: 'm-1', eventId: 'ev-1', fingerprint: JSON.stringify(['2027-01-20T14:00:00.000Z', 'Civic Centre', {}, invitees]), updatedAt: '2027-01-04T10:00:00.000Z' });
  await repo.create('attendance', {
    id: 'draft-1',
    partnershipId: P,
    meetingId: 'm-1',
    bodyId: 'mscb-big',
    status: 'proposed',
    attempts: 1,
    nextCheckAt: '2027-01-20T16:00:00.000Z',
    marks: [
      { seatId: 'big-police', mark: 'deputy', deputyId: 'p-borough-commander-deputy', minutes: 80 },
      { seatId: 'big-ccg', mark: 'present', minutes: 85 },
    ],
    others: [
      { displayName: 'Visiting Officer', email: GUEST_EMAIL, minutes: 40 },
      { displayName: 'Unknown caller', email: 'someone@else.example', minutes: 3 },
    ],
  });
  await repo.create('presence', {
    id: 'presence-1',
    partnershipId: P,
    meetingId: 'm-1',
    present: { [aad('p-borough-commander-deputy')]: '2027-01-20T14:01:00.000Z', [aad('p-ccg-chief-officer')]: '2027-01-20T14:02:00.000Z' },
    applied: ['e1', 'e2'],
    updatedAt: '2027-01-20T14:02:00.000Z',
  });
});
afterAll(() => store?.dispose());

describe('the records of meetings held in Teams, in subject access and removal', () => {
  it('is one of the stores every export and removal asks', () => {
    expect(cosmosPersonalData(store.containers).map((s) => s.name)).toContain('meetings held in Teams');
  });

  it("exports the person's own lines: invited, attended for a seat, present in the live meeting; nobody else's", async () => {
    const records = await data.export(P, person('p-borough-commander-deputy'));
    expect(records).toEqual([
      { kind: 'meeting-invitation', meetingId: 'm-1', invited: true, updatedAt: '2027-01-04T10:00:00.000Z' },
      { kind: 'attendance-draft', meetingId: 'm-1', status: 'proposed', marks: [{ seatId: 'big-police', mark: 'deputy', deputyId: 'p-borough-commander-deputy', minutes: 80 }], others: [] },
      { kind: 'live-presence', meetingId: 'm-1', joinedAt: '2027-01-20T14:01:00.000Z' },
    ]);
    expect(JSON.stringify(records)).not.toContain(aad('p-ccg-chief-officer'));
    // A guest known to the report only by email (in another case) is found by it.
    expect(await data.export(P, person('p-visiting-officer'))).toEqual([
      { kind: 'attendance-draft', meetingId: 'm-1', status: 'proposed', marks: [], others: [{ displayName: 'Visiting Officer', email: GUEST_EMAIL, minutes: 40 }] },
    ]);
    expect(await data.export(P, person('p-lay-member-1'))).toEqual([]);
  });

  it('erases them: their seat in place of their id, their lines and presence gone; the rest kept; safe to repeat', async () => {
    const deputy = person('p-borough-commander-deputy');
    const standIn = standInFor(directory, deputy.id, standInWords);
    expect(await data.erase(P, deputy, standIn)).toBe(3);
    expect(await data.erase(P, person('p-visiting-officer'), standInFor(directory, 'p-visiting-officer', standInWords))).toBe(1);
    const stored = await everything();
    expect(stored).not.toContain('"p-borough-commander-deputy"');
    expect(stored).not.toContain(aad('p-borough-commander-deputy'));
    expect(stored.toLowerCase()).not.toContain(GUEST_EMAIL.toLowerCase());
    const draft = (await repo.get('attendance', P, 'draft-1'))!;
    expect(draft.marks![0]).toMatchObject({ seatId: 'big-police', mark: 'deputy', deputyId: standIn({ bodyId: 'mscb-big', seatId: 'big-police' }), minutes: 80 });
    expect(draft.others).toEqual([{ displayName: 'Unknown caller', email: 'someone@else.example', minutes: 3 }]);
    expect(Object.keys((await repo.get('presence', P, 'presence-1'))!.present)).toEqual([aad('p-ccg-chief-officer')]);
    expect((await repo.get('invitation', P, 'inv-1'))!.fingerprint).toContain('"p-ccg-chief-officer"');
    expect(await data.erase(P, deputy, standIn)).toBe(0);
    expect(await data.export(P, deputy)).toEqual([]);
  });
});
