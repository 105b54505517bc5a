import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInGraph } from '../../infra/graph/stand-in-graph.js';
import { buildTab } from '../../scripts/build-tab.js';
import { Directory, type Partnership } from '../../services/domain/directory.js';
import { threadOf } from '../../services/meeting/invitations.js';
import { activity, post, TENANT, teamsUsers } from '../support/activities.js';
import { cardText, FakeConnector } from '../support/fake-connector.js';
import type { PlaygroundPage } from '../support/browser.js';
import { startEmulatorSession, type EmulatorSession } from '../support/emulator-session.js';
import { FixedClock } from '../support/fixed-clock.js';

/**
 * Meetings held in Teams, in the emulator with the stand-in Graph `npm start` runs (issue #15): the
 * manager adds two BIG meetings, which the board calendar holds as Teams meetings inviting every
 * seat-holder, and the Director's deputy once the Director sends apologies naming them; the card
 * carries the join link. After each meeting the stand-in publishes its attendance report, the job
 * sends the manager the register pre-filled from it; the manager adds the one person who was in the
 * room and records it with one click. The Director, absent from the second in person too, goes to
 * the manager's absence review. During the first meeting the side panel (the tab opened for the
 * meeting's chat) shows quorum reached as people join, then lost when one leaves: the participant
 * events cannot come from the emulator, so they are posted over HTTP as Teams posts them to the bot.
 */
const MANAGER = 'user-id-0';
const DIRECTOR = 'user-id-2';
const MAILBOX = 'board@safeguarding-partnership.example';
const DEPUTY_NAME = 'Deputy: Director of Children, Schools and Families';
const clock = new FixedClock('2027-01-04T10:00:00.000Z');
let session: EmulatorSession;
let graph: StandInGraph;
let partnership: Partnership | undefined;
/** Where the bot's replies in the meeting chat go: Teams' connector for that chat, which the emulator is not. */
let meetingChat: FakeConnector;
const user = teamsUsers(() => partnership!);
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

beforeAll(async () => {
  await buildTab();
  session = await startEmulatorSession({ clock, env: { MEETINGS_MAILBOX: MAILBOX } });
  graph = session.quorum.graph!;
  meetingChat = await new FakeConnector().start();
});
afterAll(async () => {
  await session?.stop();
  await meetingChat?.stop();
});

async function addMeeting(ui: PlaygroundPage, date: string): Promise<Locator> {
  const form = await ui.ask('meeting');
  await ui.fillInput(form, 'Body', 'Business Implementation Group');
  await ui.fillInput(form, 'Date', date);
  await ui.fillInput(form, 'Starts (UK time)', '14:00');
  await ui.fillInput(form, 'Place', 'Civic Centre, Committee Room 1');
  await ui.clickAction(form, 'Add the meeting');
  await ui.waitForCardText(form, 'Meeting added.');
  return form;
}

/** Everyone but the Director and the Director of Public Health joins the Teams meeting; the deputy too when `deputy`. */
function holdMeeting(joinUrl: string, date: string, deputy: boolean) {
  const directory = new Directory(partnership!);
  const big = directory.body('mscb-big')!;
  const start = new Date(`${date}T14:00:00.000Z`);
  const end = new Date(`${date}T15:30:00.000Z`);
  const ids = big.seats.filter((s) => s.holderId && s.office !== 'manager' && !['big-csf-director', 'big-public-health'].includes(s.id)).map((s) => s.holderId!);
  if (deputy) ids.push('p-csf-director-deputy');
  for (const id of ids) graph.calendar.join(joinUrl, { aadObjectId: directory.person(id)!.aadObjectId }, start);
  graph.calendar.publishReport(joinUrl, start, end);
}


/** A participant event as Teams posts it to the bot in the meeting chat (Bot Framework activity). */
async function participants(threadId: string, kind: 'Join' | 'Leave', personIds: string[], id: string): Promise<void> {
  const body = activity(user('p-mscb-manager'), meetingChat.url, {
    id,
    type: 'event',
    name: `application/vnd.microsoft.meetingParticipant${kind}`,
    conversation: { id: threadId, conversationType: 'groupChat', isGroup: true, tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, meeting: { id: 'MCMxOTptZWV0aW5n' } },
    value: { members: personIds.map((p) => ({ user: { id: `29:${p}`, aadObjectId: user(p).aadObjectId, name: user(p).name }, meeting: { inMeeting: kind === 'Join', role: 'Attendee' } })) },
  });
  expect((await post(`http://127.0.0.1:${session.quorum.port}`, body)).status).toBe(200);
}

/** axe-core's serious and critical findings on the page as it stands. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** The side panel of the meeting on `date`, opened as the chair would in the meeting, while people join and leave. */
async function sidePanel(date: string): Promise<void> {
  clock.set(`${date}T14:02:00.000Z`);
  const threadId = threadOf(graph.calendar.events(MAILBOX).find((e) => e.start.dateTime.startsWith(date))!.onlineMeeting!.joinUrl)!;
  const page = await session.chromium.newPage();
  await page.goto(`http://127.0.0.1:${session.quorum.port}/tab/index.html?chat=${encodeURIComponent(threadId)}`);
  await page.selectOption('#dev-user', { label: user('p-independent-chair').name });
  await page.locator('#dev-sign-in').click();
  const banner = page.locator('.live-banner');
  await page.locator('.live-banner[data-quorate="false"]').waitFor();
  expect(await banner.innerText()).toContain('Not quorate');

  // The Director's deputy (named in the apologies), CCG, Police and Probation: BIG's rule is met (C §4.12).
  await participants(threadId, 'Join', ['p-csf-director-deputy', 'p-ccg-chief-officer'], 'live-1');
  await participants(threadId, 'Join', ['p-borough-commander', 'p-probation-aco', 'p-head-primary'], 'live-2');
  // Coming back to the panel asks again at once.
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await page.locator('.live-banner[data-quorate="true"]').waitFor();
  expect(await banner.innerText()).toMatch(/Quorate\s+4 of \d+ seats present/);
  const director = page.locator('[data-seat="big-csf-director"]');
  expect(await director.getAttribute('data-as')).toBe('deputy');
  expect(await director.innerText()).toContain(`Deputy present`);
  expect(await director.innerText()).toContain(DEPUTY_NAME);
  expect(await page.locator('[data-seat="big-public-health"]').innerText()).toContain('Not in the meeting');
  expect(await page.locator('.live-others').innerText()).toContain(user('p-head-primary').name);
  expect(cardText(meetingChat.cardsTo(threadId).at(-1))).toContain('Quorum reached');
  for (const theme of ['light', 'dark', 'contrast']) {
    await page.selectOption('#theme-switch', theme);
    expect(await seriousViolations(page), theme).toEqual([]);
  }

  // The CCG leaves: the panel's own refresh (every ten seconds) shows quorum lost, with what is missing.
  await participants(threadId, 'Leave', ['p-ccg-chief-officer'], 'live-3');
  await page.locator('.live-banner[data-quorate="false"]').waitFor({ timeout: 20_000 });
  expect(await page.locator('[data-seat="big-ccg"]').getAttribute('data-as')).toBe('absent');
  expect(await page.locator('.live-conditions').innerText()).toContain('Not met');
  expect(cardText(meetingChat.cardsTo(threadId).at(-1))).toContain('Quorum lost');
  await page.close();
}

async function confirmRegister(date: string, deputy: boolean): Promise<string> {
  clock.set(`${date}T17:00:00.000Z`);
  const event = graph.calendar.events(MAILBOX).find((e) => e.start.dateTime.startsWith(date))!;
  holdMeeting(event.onlineMeeting!.joinUrl, date, deputy);
  // The manager is the emulator's current user when the card goes, so the emulator has their chat.
  const ui = await session.actAs(MANAGER);
  expect(await session.quorum.quorum.scheduler.runNow('meetings.attendance-reports', clock.now())).toMatchObject({ proposed: 1 });
  await session.quorum.quorum.outbox.drain();
  const card = await session.deliveredCard(ui, MANAGER, /:attendance-register$/);
  const text = await ui.cardText(card);
  expect(text).toContain('The attendance register, from the Teams meeting');
  expect(text).toContain('(Director of Public Health Merton, Community and Housing): not in the Teams meeting');
  // The Director of Public Health was in the room: the manager adds them, and records the register.
  await ui.fillInput(card, 'mark_big-public-health', 'Present');
  await ui.clickAction(card, 'Record the register');
  const recorded = await ui.waitForCardText(card, 'Register recorded.');
  await ui.page.close();
  return recorded;
}

describe('meetings held in Teams, in the emulator', () => {
  it('invites through the board calendar, and the register writes itself for the manager to confirm', async () => {
    [partnership] = (await session.quorum.quorum.directory.directories()).map((d) => d.partnership);
    const manager = await session.actAs(MANAGER);
    const first = await addMeeting(manager, '2027-01-27');
    await addMeeting(manager, '2027-02-24');
    const events = graph.calendar.events(MAILBOX);
    expect(events).toHaveLength(2);
    expect(events[0]!.attendees).toHaveLength(11);
    // The card carries the join link of the Teams meeting.
    expect(await first.locator(`a[href="${events[0]!.onlineMeeting!.joinUrl}"], button:has-text("Join on Teams")`).count()).toBeGreaterThan(0);
    await manager.page.close();

    const director = await session.actAs(DIRECTOR);
    const meetings = await director.ask('meetings');
    await meetings.locator('.ac-selectable').filter({ hasText: 'Wed 27 Jan 2027' }).first().click();
    await director.waitForCardText(meetings, 'Your answer');
    await director.fillInput(meetings, 'If you send apologies, your deputy who will attend (optional)', DEPUTY_NAME);
    await director.clickAction(meetings, 'Send apologies');
    await director.waitForCardText(meetings, 'Apologies recorded.');
    await director.page.close();
    expect(graph.calendar.events(MAILBOX)[0]!.attendees.map((a) => a.emailAddress.name)).toContain(DEPUTY_NAME);

    await sidePanel('2027-01-27');
    const one = await confirmRegister('2027-01-27', true);
    expect(one).toContain(`Present as deputy (${DEPUTY_NAME})`);
    const two = await confirmRegister('2027-02-24', false);
    expect(two).toMatch(/Director of Children, Schools and Families\)\s*Absent/);

    clock.set('2027-02-25T07:20:00.000Z');
    const ui = await session.actAs(MANAGER);
    await session.quorum.quorum.scheduler.runNow('absences.detect', clock.now());
    await session.quorum.quorum.outbox.drain();
    const review = await session.deliveredCard(ui, MANAGER, /^absence-review:/);
    expect(await ui.cardText(review)).toContain('Did not attend 2 consecutive meetings in person (rule: 2); a deputy attended 1 of them.');
  });
});
