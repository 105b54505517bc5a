import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { cardAction, installed, post, type TeamsUser } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { FixedClock } from '../support/fixed-clock.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

/**
 * Proxies over HTTP on the Lewisham sample (issue 22; L, Partnership Group ToR: "Proxies may be sent in
 * exceptional circumstances and with the agreement of the Chair"). Eleven of the 22 members of the
 * Partnership Group send apologies, so the forecast is one member short of half the membership; the
 * CRC's Area Manager sends apologies naming a proxy; once the chair agrees the forecast turns quorate,
 * and the register records "present as proxy, agreed by the chair".
 */
let q: TestQuorum;
const clock = new FixedClock('2027-03-01T10:00:00.000Z');
const BODY = 'lscp-partnership';
const MEETING_DATE = '2027-03-16';
const meetingId = randomUUID();
const user = (personId: string): TeamsUser => {
  const person = q.partnership.people.find((p) => p.id === personId)!;
  return { id: `u-${personId}`, aadObjectId: person.aadObjectId, name: person.displayName };
};
const act = async (personId: string, verb: string, data: Record<string, unknown>) => {
  const res = await post(q.url, cardAction(user(personId), q.connector.url, verb, data));
  expect(res.status).toBe(200);
  expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
  return res.body.value;
};
const cardsTo = (personId: string) => q.connector.cardsTo(`personal-${user(personId).id}`);
const brief = async () => cardText(await act('p-ed-cyp', 'meeting.brief', { meetingId }));

/** Members who send apologies naming nobody: with the CRC's, 12 of the 22 members away. */
const AWAY = [
  ['lscp-dir-csc', 'p-dir-csc'],
  ['lscp-dir-pps', 'p-dir-pps'],
  ['lscp-dir-jceh', 'p-dir-jceh'],
  ['lscp-dir-education', 'p-dir-education'],
  ['lscp-designated-nurse', 'p-designated-nurse'],
  ['lscp-designated-doctor', 'p-designated-doctor'],
  ['lscp-schools', 'p-head-governor-rep'],
  ['lscp-nhse', 'p-nhse-nursing'],
  ['lscp-lgt', 'p-lgt-chief-nurse'],
  ['lscp-slam', 'p-slam-lead-clinician'],
  ['lscp-probation', 'p-probation-area-manager'],
] as const;

beforeAll(async () => {
  q = await startTestQuorum({ clock, partnership: await readPartnershipFile('partnerships/lewisham-2019.json') });
  for (const personId of ['p-ssl', 'p-ed-cyp', 'p-crc-area-manager', 'p-crc-aco']) await post(q.url, installed(user(personId), q.connector.url));
});
afterAll(() => q.stop());

describe('a proxy for one meeting of the Lewisham Partnership Group', () => {
  it('is asked for with the apologies, agreed by the chair, counted in the forecast and recorded in the register', async () => {
    const added = await act('p-ssl', 'meeting.save', { formId: meetingId, bodyId: BODY, date: MEETING_DATE, time: '14:00', place: 'Laurence House' });
    expect(cardText(added)).toContain('Meeting added.');
    for (const [seatId, personId] of AWAY) await act(personId, 'meeting.respond', { meetingId, seatId, response: 'apologies', deputyId: '' });
    expect(await brief()).toContain('Quorum forecast: quorate on the answers so far');

    // The member's card offers a proxy from the directory, and says the chair must agree.
    const own = await act('p-crc-area-manager', 'meeting.open', { meetingId });
    expect(cardText(own)).toContain("Or a proxy for this meeting (the chair must agree): L, Partnership Group ToR");
    const sent = cardText(await act('p-crc-area-manager', 'meeting.respond', { meetingId, seatId: 'lscp-crc', response: 'apologies', deputyId: '', proxyId: 'p-crc-aco' }));
    expect(sent).toContain('Apologies recorded. Assistant Chief Officer');
    expect(sent).toContain('attends as your proxy once the chair agrees');
    const waiting = await brief();
    expect(waiting).toContain('Quorum forecast: NOT quorate on the answers so far');
    expect(waiting).toContain('10 of 22 members present; 50% of the membership is 11.');

    await q.quorum.outbox.drain();
    const request = cardsTo('p-ed-cyp').find((c) => cardText(c).includes('A proxy for your agreement'));
    expect(request).toBeDefined();
    const agree = (request!.actions as any[]).find((a) => a.verb === 'meeting.proxy' && a.data.agree === true);
    await expect(act('p-crc-area-manager', 'meeting.proxy', agree.data).then(cardText)).resolves.toContain("Only the chair of the body agrees to a member's proxy.");
    const agreed = cardText(await act('p-ed-cyp', 'meeting.proxy', agree.data));
    expect(agreed).toContain('Agreed: Assistant Chief Officer');

    const after = await brief();
    expect(after).toContain('Quorum forecast: quorate on the answers so far');
    expect(after).toContain('11 of 22 members present');
    await q.quorum.outbox.drain();
    expect(cardsTo('p-crc-aco').map(cardText).join('\n')).toContain('you attend for London Community Rehabilitation Company as proxy, agreed by the chair');
    expect(cardsTo('p-crc-area-manager').map(cardText).join('\n')).toContain('The chair agreed that Assistant Chief Officer');

    clock.set(`${MEETING_DATE}T18:00:00.000Z`);
    const form = await act('p-ssl', 'meeting.register.open', { meetingId });
    const inputs: Record<string, string> = {};
    JSON.stringify(form, (_k, v) => {
      if (v && typeof v === 'object' && v.type === 'Input.ChoiceSet') inputs[v.id] = v.value || 'present';
      return v;
    });
    expect(inputs['mark_lscp-crc']).toBe('deputy:p-crc-aco');
    const save = (form.actions as any[]).find((a) => a.verb === 'meeting.register.save');
    const register = cardText(await act('p-ssl', 'meeting.register.save', { ...save.data, ...inputs }));
    expect(register).toContain('Recorded quorum: quorate');
    expect(register).toMatch(/Area Manager, Community Rehabilitation Company.*\n?.*Present as proxy \(Assistant Chief Officer[^)]*\), agreed by the chair/);
  });
});
