import { randomUUID } from 'node:crypto';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosmosMeetingRepo } from '../../infra/cosmos/meetings.cosmos-repo.js';
import type { Actor } from '../../services/directory/index.js';
import type { PlaygroundPage } from '../support/browser.js';
import { startEmulatorSession, type EmulatorSession } from '../support/emulator-session.js';
import { FixedClock } from '../support/fixed-clock.js';
import { screenshotPath } from '../support/screenshots.js';

/**
 * A proxy for one meeting of the Lewisham Partnership Group in the Teams emulator (issue #22; L,
 * Partnership Group ToR: "Proxies may be sent in exceptional circumstances and with the agreement of
 * the Chair"). The product runs the Lewisham sample. Eleven of the 22 members have sent apologies
 * naming nobody; the CRC's Area Manager sends apologies on their meeting card naming the Assistant
 * Chief Officer as proxy; the chair, in an emulator of their own, gets the card asking for their
 * agreement, sees the brief forecast NOT quorate, agrees, and the forecast turns quorate; after the
 * meeting the Strategic Safeguarding Lead (the manager) records the register, which shows the
 * proxy, agreed by the chair.
 */

const PARTNERSHIP = 'lewisham-2019';
const BODY = 'lscp-partnership';
const MEETING_DATE = '2027-03-16';
const MANAGER = 'user-id-0';
const CHAIR = 'user-id-1';
const MEMBER = 'user-id-2';
const PROXY_NAME = 'Assistant Chief Officer, London Community Rehabilitation Company';
const PROXY_LABEL = 'Or a proxy for this meeting (the chair must agree): L, Partnership Group ToR: proxies may be sent in exceptional circumstances and with the agreement of the Chair';
/** Members who send apologies naming nobody before the test's member answers: 11 of the 22. */
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
/** The seats present in person at the meeting: the register card leaves them for the manager to mark. */
const PRESENT = [
  'lscp-chair',
  'lscp-ccg',
  'lscp-police',
  'lscp-public-health',
  'lscp-housing',
  'lscp-christ-the-rock',
  'lscp-phoenix',
  'lscp-dci',
  'lscp-cabinet-member',
  'lscp-concern-hub-chair',
];

/**
 * The emulator's users as Lewisham people (by role title; their Entra object ids from the sample):
 * the Strategic Safeguarding Lead (manager), the Executive Director for Children and Young People
 * (chair), the CRC's Area Manager and the CRC's Assistant Chief Officer.
 */
function lewishamUsers(committed: string): string {
  const swaps: [string, string, string, string][] = [
    ['Board Manager', '00000000-0000-0000-0000-000000000101', 'Strategic Safeguarding Lead', '00000000-0000-0000-0000-000000000204'],
    ['Independent Chair', '00000000-0000-0000-0000-000000000102', 'Executive Director CYP', '00000000-0000-0000-0000-000000000201'],
    ['CSF Director', '00000000-0000-0000-0000-000000000103', 'CRC Area Manager', '00000000-0000-0000-0000-000000000216'],
    ['CSF Deputy', '00000000-0000-0000-0000-000000000104', 'CRC Assistant Chief Officer', '00000000-0000-0000-0000-000000000246'],
  ];
  let yml = committed;
  for (const [name, aad, newName, newAad] of swaps) {
    yml = yml.replace(`name: ${name}\n`, `name: ${newName}\n`).replace(`aadObjectId: ${aad}\n`, `aadObjectId: ${newAad}\n`);
  }
  return yml;
}

const clock = new FixedClock('2027-03-01T10:00:00.000Z'); // Mon 1 Mar 2027
let session: EmulatorSession;
let meetingsRepo: CosmosMeetingRepo;
const meetingId = randomUUID();

async function actorOf(personId: string): Promise<Actor> {
  const directory = await session.quorum.quorum.directory.directory(PARTNERSHIP);
  const actor = await session.quorum.quorum.directory.findActor(directory.person(personId)?.aadObjectId);
  if (!actor) throw new Error(`no actor for ${personId}`);
  return actor;
}

/** Clicks a list item (a Container with a selectAction: no title, so the driver's clickAction cannot name it) and waits for the invoke. */
async function openItem(ui: PlaygroundPage, card: Locator, text: string): Promise<void> {
  const invoked = ui.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/_conversation/v1/invoke'));
  await card.locator('.ac-selectable').filter({ hasText: text }).first().click();
  const res = await invoked;
  expect(res.status()).toBe(200);
}

beforeAll(async () => {
  session = await startEmulatorSession({ clock, yml: lewishamUsers, env: { PARTNERSHIP_FILE: 'partnerships/lewisham-2019.json' } });
  meetingsRepo = new CosmosMeetingRepo(session.quorum.quorum.store.containers.meetings);
  // The meeting and the eleven apologies naming nobody are the scene, set through the services.
  const meetings = session.quorum.quorum.meetings;
  await meetings.save(await actorOf('p-ssl'), { formId: meetingId, bodyId: BODY, date: MEETING_DATE, time: '14:00', place: 'Laurence House' });
  for (const [seatId, personId] of AWAY) await meetings.respond(await actorOf(personId), { meetingId, seatId, response: 'apologies', deputyId: '' });
});

afterAll(() => session?.stop());

describe('a proxy for one meeting of the Lewisham Partnership Group in the emulator', () => {
  // One step a test, in order, sharing the session: each has the layer's time budget on a loaded machine.
  let chair: PlaygroundPage;

  it('shows the chair, in a Teams client of their own, a quorate forecast before the proxy is asked for', async () => {
    // The chair has Teams open in a client of their own, so the request for agreement reaches them.
    chair = await session.openOwnClient(CHAIR);
    const before = await chair.ask('brief');
    expect(await chair.waitForCardText(before, 'Quorum forecast')).toContain('Quorum forecast: quorate on the answers so far');
  });

  it("takes the CRC Area Manager's apologies naming the Assistant Chief Officer as proxy, waiting for the chair", async () => {
    const member = await session.actAs(MEMBER);
    const list = await member.ask('meetings');
    await openItem(member, list, 'Tue 16 Mar 2027');
    expect(await member.waitForCardText(list, 'Your answer')).toContain(PROXY_LABEL);
    await member.fillInput(list, PROXY_LABEL, PROXY_NAME);
    await member.clickAction(list, 'Send apologies');
    const sent = await member.waitForCardText(list, 'attends as your proxy once the chair agrees');
    expect(sent).toContain(`Apologies recorded. ${PROXY_NAME} attends as your proxy once the chair agrees`);
    const [apology] = (await meetingsRepo.listApologies(PARTNERSHIP, [meetingId])).filter((a) => a.seatId === 'lscp-crc');
    expect(apology).toMatchObject({ holderId: 'p-crc-area-manager', response: 'apologies', proxyId: 'p-crc-aco' });
    expect(apology?.proxyAgreement).toBeUndefined();
    await member.page.close();
  });

  it('counts the proxy once the chair agrees on the card they were sent: the forecast turns quorate', async () => {
    // Waiting for the chair, the proxy does not count: 10 of 22 present.
    const waiting = await chair.ask('brief');
    const waitingText = await chair.waitForCardText(waiting, 'Quorum forecast');
    expect(waitingText).toContain('Quorum forecast: NOT quorate on the answers so far');
    expect(waitingText).toContain('10 of 22 members present; 50% of the membership is 11.');

    await session.quorum.quorum.outbox.drain();
    const request = await session.deliveredCard(chair, CHAIR, /:proxy-request:lscp-crc:/);
    expect(await chair.cardText(request)).toContain(`asks that ${PROXY_NAME} attend for London Community Rehabilitation Company as proxy`);
    await chair.clickAction(request, 'Agree to the proxy');
    expect(await chair.waitForCardText(request, `Agreed: ${PROXY_NAME}`)).toContain(`Agreed: ${PROXY_NAME}`);
    const [agreed] = (await meetingsRepo.listApologies(PARTNERSHIP, [meetingId])).filter((a) => a.seatId === 'lscp-crc');
    expect(agreed?.proxyAgreement).toMatchObject({ agreed: true, by: 'p-ed-cyp' });

    const after = await chair.ask('brief');
    const afterText = await chair.waitForCardText(after, 'Quorum forecast');
    expect(afterText).toContain('Quorum forecast: quorate on the answers so far');
    expect(afterText).toContain('11 of 22 members present');
    await chair.screenshot(screenshotPath('meeting-proxy-brief'));
  });

  it('records the proxy in the register, agreed by the chair', async () => {
    // After the meeting the manager records the register: the CRC's seat is pre-filled with the proxy.
    clock.set(`${MEETING_DATE}T18:00:00.000Z`);
    const manager = await session.actAs(MANAGER);
    const registers = await manager.ask('register');
    await openItem(manager, registers, 'Tue 16 Mar 2027');
    await manager.waitForCardText(registers, 'Record the attendance register');
    for (const seat of PRESENT) await manager.fillInput(registers, `mark_${seat}`, 'Present');
    await manager.clickAction(registers, 'Record the register');
    const register = await manager.waitForCardText(registers, 'Register recorded.');
    expect(register).toContain('Recorded quorum: quorate');
    expect(register).toMatch(/Area Manager, Community Rehabilitation Company.*Present as proxy \(Assistant Chief Officer[^)]*\), agreed by the chair/);
    const [stored] = await meetingsRepo.listRegisters(PARTNERSHIP, [BODY]);
    expect(stored?.marks['lscp-crc']).toEqual({ mark: 'deputy', deputyId: 'p-crc-aco', proxy: { agreedBy: 'p-ed-cyp' } });
    expect(stored?.quorumMet).toBe(true);
  });
});
