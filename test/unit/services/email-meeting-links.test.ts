import { beforeAll, describe, expect, it } from 'vitest';
import { readPartnershipFile } from '../../../infra/partnership-file.js';
import { Directory } from '../../../services/domain/directory.js';
import type { Apology, Meeting } from '../../../services/domain/meeting.js';
import { emailAnswerUseCases, signLink, type MeetingPage } from '../../../services/email-answers/index.js';
import type { AuditEntry } from '../../../services/ports/repositories.js';
import { FixedClock } from '../../support/fixed-clock.js';

/**
 * The meeting answer page's use case with fakes, on Lewisham's Partnership Group, which takes proxies
 * with the chair's agreement: the page offers them, refuses a proxy it did not offer and a deputy with
 * a proxy, and passes a valid answer to the apologies use case marked as by email.
 */

const KEY = 'k'.repeat(40);
const clock = new FixedClock('2027-01-04T10:00:00.000Z');
let directory: Directory;
const meeting = { id: 'm1', partnershipId: '', bodyId: 'lscp-partnership', startsAt: '2027-01-12T14:00:00.000Z', status: 'scheduled', date: '2027-01-12', time: '14:00', place: 'Laurence House' } as Meeting;
const calls: unknown[] = [];
const audit: AuditEntry[] = [];
let stored: Apology | undefined;

beforeAll(async () => {
  const partnership = await readPartnershipFile('partnerships/lewisham-2019.json');
  directory = new Directory(partnership, '2027-01-04');
  meeting.partnershipId = partnership.id;
});

const answers = () =>
  emailAnswerUseCases({
    key: KEY,
    directories: { directory: async () => directory },
    audit: { record: async (e: AuditEntry) => void audit.push(e) } as never,
    clock,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    consultations: { answer: async () => undefined },
    repo: { get: async () => undefined, getAnswer: async () => undefined },
    meetings: {
      respond: async (actor, input) => {
        calls.push({ personId: actor.person.id, ...input });
        stored = { id: 'a', partnershipId: meeting.partnershipId, meetingId: 'm1', bodyId: meeting.bodyId, seatId: input.seatId, holderId: actor.person.id, response: input.response, ...(input.proxyId ? { proxyId: input.proxyId } : {}), answeredBy: actor.person.id, answeredAt: clock.now().toISOString(), answeredVia: 'email', history: [{ at: clock.now().toISOString(), by: actor.person.id, response: input.response }] };
      },
    },
    meetingRepo: { getMeeting: async (_p, id) => (id === 'm1' ? meeting : undefined), getApology: async () => stored },
  });

const token = (personId = 'p-det-supt', seat = 'lscp-police') =>
  signLink(KEY, { partnershipId: meeting.partnershipId, personId, purpose: 'meeting', itemId: 'm1', scope: seat, expiresAt: meeting.startsAt });

describe('meeting answers by email link', () => {
  it('offers a proxy where the body takes them, with the chair to agree', async () => {
    const page = (await answers().show(token(), { response: 'apologies' })) as MeetingPage;
    expect(page).toMatchObject({ kind: 'meeting', response: 'apologies', current: { response: 'none' }, proxies: { chairAgreement: true } });
    expect(page.proxies!.people.some((p) => p.id === 'p-det-supt')).toBe(false);
    expect(calls).toEqual([]);
  });

  it('refuses a proxy it did not offer, and a deputy with a proxy, without calling the use case', async () => {
    const stranger = (await answers().answer(token(), { response: 'apologies', proxyId: 'p-nobody' })) as MeetingPage;
    expect(stranger.problems).toEqual([{ code: 'proxy-not-offered', field: 'proxyId' }]);
    const both = (await answers().answer(token(), { response: 'apologies', proxyId: 'p-ed-cyp', deputyId: 'p-ed-cyp' })) as MeetingPage;
    expect(both.problems?.map((p) => p.code)).toEqual(['deputy-not-named', 'deputy-and-proxy']);
    expect(calls).toEqual([]);
    expect(audit.filter((e) => e.action === 'email-link.rejected')).toHaveLength(2);
  });

  it('answers apologies naming a proxy through the apologies use case, as by email', async () => {
    const page = (await answers().answer(token(), { response: 'apologies', proxyId: 'p-dir-csc' })) as MeetingPage;
    expect(calls).toEqual([{ personId: 'p-det-supt', meetingId: 'm1', seatId: 'lscp-police', response: 'apologies', proxyId: 'p-dir-csc', via: 'email' }]);
    expect(page).toMatchObject({ result: 'recorded', current: { response: 'apologies', proxyId: 'p-dir-csc', viaEmail: true } });
  });

  it("refuses a link for a seat the person does not hold, and a consultation's link on the meeting page", async () => {
    expect(await answers().answer(token('p-det-supt', 'lscp-ccg'), { response: 'attending' })).toEqual({ kind: 'refused', reason: 'not-yours' });
    const consultation = signLink(KEY, { partnershipId: meeting.partnershipId, personId: 'p-det-supt', purpose: 'consultation', itemId: 'm1', scope: 'lscp-police', expiresAt: meeting.startsAt });
    expect(await answers().answerMeeting(consultation, { response: 'attending' })).toEqual({ kind: 'refused', reason: 'tampered' });
    expect(calls).toHaveLength(1);
  });
});
