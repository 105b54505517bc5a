import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJson } from '../../cards/data-protection/present.js';
import { standInWords } from '../../cards/data-protection/words.js';
import { CosmosConsultationRepo } from '../../infra/cosmos/consultations.cosmos-repo.js';
import { CosmosMeetingRepo } from '../../infra/cosmos/meetings.cosmos-repo.js';
import { ConsultationsPersonalData, MeetingsPersonalData } from '../../infra/cosmos/personal-data.cosmos.js';
import type { CosmosStore } from '../../infra/cosmos/store.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { decisionRuleOf, type Consultation } from '../../services/domain/consultation.js';
import { standInFor } from '../../services/domain/data-protection.js';
import { Directory, type Person } from '../../services/domain/directory.js';
import type { Apology, AttendanceRecord, Meeting } from '../../services/domain/meeting.js';
import { openTestStore } from '../support/harness.js';

/**
 * Subject access and removal against the embedded Cosmos store, for the people issue #22's
 * records name (Lewisham sample): who recorded a consensus, who referred a carried decision to the
 * Scrutineer, the Scrutineer (referred it, recorded a view, named by the rule the vote was taken
 * under), a member's proxy for one meeting and the chair who agreed to it. Each is found by the
 * export and, once erased, named nowhere in the records, which stay with their seat in place.
 */

const P = 'lewisham-2019';
let store: CosmosStore;
let directory: Directory;
let consultations: ConsultationsPersonalData;
let meetings: MeetingsPersonalData;

const consultation = (id: string, extra: Partial<Consultation>): Consultation => ({
  id,
  ref: `C-${id.toUpperCase().slice(0, 6)}`,
  partnershipId: P,
  kind: 'decision',
  title: `Decision ${id}`,
  ask: 'Agree the threshold document.',
  bodyId: 'lscp-executive',
  deadline: '2027-02-26T17:00:00.000Z',
  signOffRequired: false,
  extraAgencyIds: [],
  reminderWorkingDays: [3, 1],
  createdBy: 'p-ssl',
  createdAt: '2027-02-15T10:00:00.000Z',
  status: 'closed',
  closedAt: '2027-02-26T17:00:00.000Z',
  rule: decisionRuleOf(directory.body('lscp-executive')!),
  ...extra,
});

const meeting: Meeting = {
  id: 'meeting-proxy',
  partnershipId: P,
  bodyId: 'lscp-partnership',
  date: '2027-02-16',
  time: '14:00',
  place: 'Laurence House',
  startsAt: '2027-02-16T14:00:00.000Z',
  status: 'held',
  origin: 'manual',
  createdBy: 'p-ssl',
  createdAt: '2027-01-04T10:00:00.000Z',
  noticeWorkingDays: 10,
  quorumWarnings: [],
  changes: [],
} as Meeting;

const apology: Apology = {
  id: 'apology-crc',
  partnershipId: P,
  meetingId: meeting.id,
  bodyId: 'lscp-partnership',
  seatId: 'lscp-crc',
  agencyId: 'london-crc',
  holderId: 'p-crc-area-manager',
  response: 'apologies',
  proxyId: 'p-crc-aco',
  proxyAgreement: { agreed: true, by: 'p-ed-cyp', at: '2027-02-10T10:00:00.000Z' },
  answeredBy: 'p-crc-area-manager',
  answeredAt: '2027-02-09T10:00:00.000Z',
  history: [{ at: '2027-02-09T10:00:00.000Z', by: 'p-crc-area-manager', response: 'apologies', proxyId: 'p-crc-aco' }],
};

const register: AttendanceRecord = {
  id: 'register-proxy',
  partnershipId: P,
  meetingId: meeting.id,
  bodyId: 'lscp-partnership',
  date: meeting.date,
  marks: { 'lscp-chair': { mark: 'present' }, 'lscp-crc': { mark: 'deputy', deputyId: 'p-crc-aco', proxy: { agreedBy: 'p-ed-cyp' } } },
  holders: { 'lscp-chair': 'p-ed-cyp', 'lscp-crc': 'p-crc-area-manager' },
  recordedBy: 'p-ssl',
  recordedAt: '2027-02-16T18:00:00.000Z',
  revision: 0,
  corrections: [],
  quorumMet: true,
};

const person = (id: string): Person => directory.person(id)!;
const docs = async () => [
  ...(await store.containers.consultations.items.readAll().fetchAll()).resources,
  ...(await store.containers.meetings.items.readAll().fetchAll()).resources,
];
/** Where the person's id appears in any stored record, as JSON paths of a sort (document id + field). */
const mentions = async (personId: string) =>
  (await docs()).flatMap((d) => {
    const found: string[] = [];
    JSON.stringify(d, (k, v) => {
      if (v === personId) found.push(`${d.id}.${k}`);
      return v;
    });
    return found;
  });
const erase = async (personId: string) => {
  const standIn = standInFor(directory, personId, standInWords);
  return (await consultations.erase(P, person(personId), standIn)) + (await meetings.erase(P, person(personId), standIn));
};

beforeAll(async () => {
  store = await openTestStore();
  directory = new Directory(await readPartnershipFile('partnerships/lewisham-2019.json'));
  consultations = new ConsultationsPersonalData(store.containers.consultations);
  meetings = new MeetingsPersonalData(store.containers.meetings);
  const repo = new CosmosConsultationRepo(store.containers.consultations);
  await repo.create(consultation('consensus', { outcome: { for: 2, against: 0, result: 'agreed by consensus', recordedBy: 'p-ed-cyp' } }));
  await repo.create(
    consultation('referred', {
      createdBy: 'p-ed-cyp',
      outcome: { for: 2, against: 1, voting: 3, result: 'carried' },
      referral: {
        by: 'p-ccg-md',
        agencyId: 'lewisham-ccg',
        reason: 'It puts children at risk.',
        at: '2027-02-27T10:00:00.000Z',
        toPersonId: 'p-scrutineer',
        view: { text: 'The decision stands, with a review in six months.', at: '2027-03-01T09:00:00.000Z' },
      },
    }),
  );
  const meetingsRepo = new CosmosMeetingRepo(store.containers.meetings);
  await meetingsRepo.createMeeting(meeting);
  await meetingsRepo.createApology(apology);
  await meetingsRepo.createRegister(register);
});
afterAll(() => store.dispose());

describe("personal data in the records of decisions and proxies (issue #22's people)", () => {
  it('exports the consultation whose consensus a person recorded, and the proxy they agreed to as chair', async () => {
    const found = (await consultations.export(P, person('p-ed-cyp'))) as Record<string, any>[];
    expect(found.filter((r) => r.kind === 'consultation').map((r) => [r.consultationId, r.roles])).toEqual(
      expect.arrayContaining([
        ['consensus', ['consensus-recorder']],
        ['referred', ['sender']],
      ]),
    );
    const theirMeetings = (await meetings.export(P, person('p-ed-cyp'))) as Record<string, any>[];
    expect(theirMeetings.map((r) => r.id).sort()).toEqual(['apology-crc', 'register-proxy']);
  });

  it('exports the decision a member referred to the Scrutineer, and the Scrutineer their referral, view and rule', async () => {
    const referrer = (await consultations.export(P, person('p-ccg-md'))) as Record<string, any>[];
    expect(referrer).toEqual([expect.objectContaining({ kind: 'consultation', consultationId: 'referred', roles: ['referrer'] })]);
    const scrutineer = (await consultations.export(P, person('p-scrutineer'))) as Record<string, any>[];
    expect(scrutineer.map((r) => [r.consultationId, r.roles])).toEqual(
      expect.arrayContaining([
        ['consensus', ['named-for-referrals']],
        ['referred', ['referred-to', 'referral-viewer', 'named-for-referrals']],
      ]),
    );
    // The export the person receives words their part in each, as it always has.
    const received = JSON.parse(exportJson({ partnership: P, exportedAt: '2027-03-02T09:00:00.000Z', person: person('p-scrutineer'), sections: [{ store: 'consultations', records: scrutineer }] }));
    expect(received.sections[0].records.map((r: Record<string, any>) => [r.consultationId, r.roles])).toEqual(
      expect.arrayContaining([
        ['consensus', ['is named by its decision rule to receive referrals']],
        ['referred', ['was referred the decision', 'recorded a view on the referral', 'is named by its decision rule to receive referrals']],
      ]),
    );
  });

  it("exports a proxy's apology and register mark", async () => {
    const proxy = (await meetings.export(P, person('p-crc-aco'))) as Record<string, any>[];
    expect(proxy.map((r) => [r.kind, r.id]).sort()).toEqual([
      ['apology', 'apology-crc'],
      ['register', 'register-proxy'],
    ]);
  });

  it('removes the consensus recorder, the referrer, the Scrutineer and the proxy from every record, which stay with their seat', async () => {
    for (const id of ['p-ed-cyp', 'p-ccg-md', 'p-scrutineer', 'p-crc-aco']) {
      expect(await mentions(id)).not.toEqual([]);
      expect(await erase(id)).toBeGreaterThan(0);
      expect(await mentions(id)).toEqual([]);
      // Repeating finds nothing more.
      expect(await erase(id)).toBe(0);
    }
    const repo = new CosmosConsultationRepo(store.containers.consultations, 0);
    const referred = (await repo.get(P, 'referred'))!;
    expect(referred.referral).toMatchObject({
      by: 'former holder of "Lead Representative for NHS Lewisham CCG: Managing Director"',
      reason: 'It puts children at risk.',
      view: { text: 'The decision stands, with a review in six months.' },
    });
    expect(referred.referral?.toPersonId).not.toBe('p-scrutineer');
    expect(referred.rule?.dissent?.referToPersonId).toBe(referred.referral?.toPersonId);
    expect((await repo.get(P, 'consensus'))?.outcome).toMatchObject({ result: 'agreed by consensus', recordedBy: expect.stringContaining('former holder of') });

    const meetingsRepo = new CosmosMeetingRepo(store.containers.meetings);
    const [stored] = await meetingsRepo.listApologies(P, [meeting.id]);
    expect(stored).toMatchObject({ holderId: 'p-crc-area-manager', response: 'apologies', proxyAgreement: { agreed: true } });
    expect([stored?.proxyId, stored?.proxyAgreement?.by]).not.toContain(undefined);
    const [marks] = await meetingsRepo.listRegisters(P, ['lscp-partnership']);
    expect(marks?.marks['lscp-crc']).toMatchObject({ mark: 'deputy', proxy: { agreedBy: expect.any(String) } });
    expect(marks?.recordedBy).toBe('p-ssl');
  });
});
