import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosmosMeetingRepo } from '../../infra/cosmos/meetings.cosmos-repo.js';
import type { PlaygroundPage } from '../support/browser.js';
import { startEmulatorSession, type EmulatorSession } from '../support/emulator-session.js';
import { FixedClock } from '../support/fixed-clock.js';
import { screenshotPath } from '../support/screenshots.js';

/**
 * Meetings and absences in the Teams emulator (issue #4): the board manager (user-id-0) adds two
 * Business Implementation Group meetings; the Director of Children, Schools and Families
 * (user-id-2) sends apologies for the first, naming their standing deputy (user-id-3), who sees it
 * in their meetings; the manager records both registers (a deputy at the first, absent from the
 * second), the absence job sends the manager the review card for the second consecutive absence,
 * and "Add to the risk register" with its reason stores the entry. The product runs in-process as
 * `npm start` composes it, with a clock the test moves.
 */

const MANAGER = 'user-id-0';
const DIRECTOR = 'user-id-2';
const DEPUTY = 'user-id-3';
const PARTNERSHIP = 'merton-2015';
const DEPUTY_NAME = 'Deputy: Director of Children, Schools and Families';
/** The BIG seats on the register besides the Director's (the manager's seat is board staff and not marked). */
const OTHER_SEATS = [
  'big-independent-chair',
  'big-ccg',
  'big-police',
  'big-probation',
  'big-vcs',
  'big-lay',
  'big-csf-csc',
  'big-csf-education',
  'big-public-health',
  'big-cafcass',
];
const REASON = 'Two meetings missed in person; CSF asked to confirm who represents it at BIG';

let meetingsRepo: CosmosMeetingRepo;
const clock = new FixedClock('2027-01-04T10:00:00.000Z'); // Mon 4 Jan 2027

let session: EmulatorSession;
const actAs = (userId: string) => session.actAs(userId);

/** Clicks a list item (a Container with a selectAction: no title, so the driver's clickAction cannot name it) and waits for the invoke. */
async function openItem(ui: PlaygroundPage, card: Locator, text: string): Promise<void> {
  const invoked = ui.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/_conversation/v1/invoke'));
  await card.locator('.ac-selectable').filter({ hasText: text }).first().click();
  const res = await invoked;
  expect(res.status()).toBe(200);
}

async function addMeeting(ui: PlaygroundPage, date: string): Promise<void> {
  const form = await ui.ask('meeting');
  await ui.fillInput(form, 'Body', 'Business Implementation Group');
  await ui.fillInput(form, 'Date', date);
  await ui.fillInput(form, 'Starts (UK time)', '14:00');
  await ui.fillInput(form, 'Place', 'Civic Centre, Committee Room 1');
  await ui.clickAction(form, 'Add the meeting');
  expect(await ui.waitForCardText(form, 'Meeting added.')).toContain('Business Implementation Group');
}

/** Opens the register of the meeting on `when` from the manager's "register" list, marks every other seat present, the Director's as given (or as pre-filled from their answer), and records it. */
async function recordRegister(ui: PlaygroundPage, when: string, director?: string): Promise<Locator> {
  const list = await ui.ask('register');
  await openItem(ui, list, when);
  await ui.waitForCardText(list, 'Record the attendance register');
  for (const seat of OTHER_SEATS) await ui.fillInput(list, `mark_${seat}`, 'Present');
  if (director) await ui.fillInput(list, 'mark_big-csf-director', director);
  await ui.clickAction(list, 'Record the register');
  await ui.waitForCardText(list, 'Register recorded.');
  return list;
}

beforeAll(async () => {
  session = await startEmulatorSession({ clock });
  meetingsRepo = new CosmosMeetingRepo(session.quorum.quorum.store.containers.meetings);
});

afterAll(() => session?.stop());

describe('meetings and absences in the emulator', () => {
  it('takes apologies with a deputy, two registers, the absence review and a risk register entry', async () => {
    // The manager adds two BIG meetings from the form.
    const manager = await actAs(MANAGER);
    await addMeeting(manager, '2027-01-27');
    await addMeeting(manager, '2027-02-24');
    await manager.page.close();
    const [first, second] = (await meetingsRepo.listMeetings(PARTNERSHIP, { bodyIds: ['mscb-big'] })).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    expect([first?.date, second?.date]).toEqual(['2027-01-27', '2027-02-24']);

    // The Director sends apologies for the first, naming their standing deputy.
    const director = await actAs(DIRECTOR);
    const meetings = await director.ask('meetings');
    expect(await director.cardText(meetings)).toContain('Director, Children, Schools and Families: No answer yet');
    await openItem(director, meetings, 'Wed 27 Jan 2027');
    await director.waitForCardText(meetings, 'Your answer');
    await director.fillInput(meetings, 'If you send apologies, your deputy who will attend (optional)', DEPUTY_NAME);
    await director.clickAction(meetings, 'Send apologies');
    const answered = await director.waitForCardText(meetings, `Apologies recorded. ${DEPUTY_NAME} has been told they attend for you.`);
    expect(answered).toContain(`Apologies; ${DEPUTY_NAME} attends as deputy`);
    await director.screenshot(screenshotPath('meeting-apologies'));
    await director.page.close();
    const [apology] = await meetingsRepo.listApologies(PARTNERSHIP, [first!.id]);
    expect(apology).toMatchObject({ seatId: 'big-csf-director', holderId: 'p-csf-director', response: 'apologies', deputyId: 'p-csf-director-deputy' });

    // The deputy's card went while someone else was current; they see it in their meetings.
    const deputy = await actAs(DEPUTY);
    const theirs = await deputy.ask('meetings');
    expect(await deputy.cardText(theirs)).toContain('You attend as deputy for Director of Children, Schools and Families');
    await deputy.page.close();

    // After each meeting the manager records its register from one card.
    clock.set('2027-01-27T17:00:00.000Z');
    const registrar = await actAs(MANAGER);
    const register1 = await recordRegister(registrar, 'Wed 27 Jan 2027');
    expect(await registrar.cardText(register1)).toContain(`Director, Children, Schools and Families (Director of Children, Schools and Families) Present as deputy (${DEPUTY_NAME})`);

    clock.set('2027-02-24T17:00:00.000Z');
    const register2 = await recordRegister(registrar, 'Wed 24 Feb 2027', 'Absent');
    const text2 = await registrar.cardText(register2);
    expect(text2).toContain('Director, Children, Schools and Families (Director of Children, Schools and Families) Absent');
    expect(text2).toContain('Present: 10 · Present as deputy: 0 · Apologies: 0 · Absent: 1');
    // The register card is taller than the window: grow the window so the screenshot shows all of it.
    await registrar.page.setViewportSize({ width: 1400, height: 2000 });
    await registrar.screenshot(screenshotPath('meeting-register'));
    await registrar.page.setViewportSize({ width: 1400, height: 1000 });
    const registers = await meetingsRepo.listRegisters(PARTNERSHIP, ['mscb-big']);
    expect(Object.fromEntries(registers.map((r) => [r.date, r.marks['big-csf-director']]))).toEqual({
      '2027-01-27': { mark: 'deputy', deputyId: 'p-csf-director-deputy' },
      '2027-02-24': { mark: 'absent' },
    });

    // The next morning's absence job sends the manager (the current user) the review card.
    clock.set('2027-02-25T07:20:00.000Z');
    await session.quorum.quorum.scheduler.runNow('absences.detect', clock.now());
    await session.quorum.quorum.outbox.drain();
    const review = await session.deliveredCard(registrar, MANAGER, /^absence-review:/);
    const reviewText = await registrar.cardText(review);
    expect(reviewText).toContain('Director of Children, Schools and Families');
    expect(reviewText).toContain('Did not attend 2 consecutive meetings in person (rule: 2); a deputy attended 1 of them.');
    expect(reviewText).toContain('Wed 27 Jan 2027, 14:00; Wed 24 Feb 2027, 14:00');
    expect(reviewText).toMatch(/A deputy attended\s*Wed 27 Jan 2027, 14:00/);

    // The risk register needs a reason; with one, the entry is stored.
    await registrar.clickAction(review, 'Add to the risk register');
    await registrar.waitForCardText(review, 'Give the reason for the risk register entry. Nothing was stored.');
    await registrar.fillInput(review, 'Note (the reason is required for the risk register)', REASON);
    await registrar.clickAction(review, 'Add to the risk register');
    expect(await registrar.waitForCardText(review, 'Recorded: Added to the risk register.')).toContain(`Added to the risk register by MSCB Board Manager`);
    await registrar.screenshot(screenshotPath('absence-review'));

    const entries = await meetingsRepo.listRiskEntries(PARTNERSHIP);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      personId: 'p-csf-director',
      seatId: 'big-csf-director',
      bodyId: 'mscb-big',
      agencyId: 'csf',
      reason: REASON,
      date: '2027-02-25',
      decidedBy: 'p-mscb-manager',
    });

    const reviews = await registrar.ask('reviews');
    expect(await registrar.cardText(reviews)).toContain('No absence reviews are waiting.');
    await registrar.clickAction(reviews, 'Risk register');
    const risks = await registrar.waitForCardText(reviews, 'Risk register: attendance');
    expect(risks).toContain('Director of Children, Schools and Families (Director, Children, Schools and Families)');
    expect(risks).toContain('Children, Schools and Families (Merton Council)');
    expect(risks).toContain(REASON);
    expect(risks).toContain('2027-02-25');
    expect(risks).toContain('MSCB Board Manager');
    expect(registrar.errors).toEqual([]);
  });
});
