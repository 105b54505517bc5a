import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInGraph } from '../../infra/graph/stand-in-graph.js';
import { Directory, type Partnership } from '../../services/domain/directory.js';
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
 * the manager's absence review. (The live quorum's participant events cannot come from the
 * emulator: test/bot/live-quorum.test.ts posts them over HTTP as Teams does.)
 */
const MANAGER = 'user-id-0';
const DIRECTOR = 'user-id-2';
const MAILBOX = 'board@safeguarding-partnership.example';
const DEPUTY_NAME = 'Deputy: Director of Children, Schools and Families';
const clock = new FixedClock('2027-01-04T10:00:00.000Z');
let session: EmulatorSession;
let graph: StandInGraph;
let partnership: Partnership | undefined;

beforeAll(async () => {
  session = await startEmulatorSession({ clock, env: { MEETINGS_MAILBOX: MAILBOX } });
  graph = session.quorum.graph!;
});
afterAll(() => session?.stop());

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
