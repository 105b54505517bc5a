import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorSession, type EmulatorSession } from '../support/emulator-session.js';
import { FixedClock } from '../support/fixed-clock.js';
import { screenshotPath } from '../support/screenshots.js';

/**
 * A consultation in the Teams emulator, switching the emulator's current user between the board
 * manager (user-id-0), a member (the Borough Commander, user-id-5) and the independent chair
 * (user-id-1). The product runs in-process as `npm start` composes it, with a clock the test moves.
 */

const MANAGER = 'user-id-0';
const CHAIR = 'user-id-1';
const POLICE = 'user-id-5';

const clock = new FixedClock('2026-11-24T10:00:00.000Z');

let session: EmulatorSession;
const actAs = (userId: string) => session.actAs(userId);

beforeAll(async () => {
  session = await startEmulatorSession({ clock });
});

afterAll(() => session?.stop());

describe('a consultation in the emulator', () => {
  it('is sent by the manager, answered by a member, and summarised to the chair after the deadline', async () => {
    // Each person opens Quorum once, so the bot can reach them.
    for (const user of [POLICE, CHAIR]) await (await actAs(user)).page.close();

    const manager = await actAs(MANAGER);
    const form = await manager.ask('consult');
    await manager.fillInput(form, 'Title', 'Neglect strategy 2027');
    await manager.fillInput(form, 'What is the body asked to do?', 'Agree the strategy for publication.');
    await manager.fillInput(form, 'Link to the document (optional)', 'https://example.org/neglect-strategy.docx');
    await manager.fillInput(form, 'Deadline', '2026-12-04');
    await manager.fillInput(form, 'Deadline time (UK)', '17:00');
    await manager.clickAction(form, 'Preview');
    await manager.waitForCardText(form, 'Preview: nothing has been sent yet');
    const sendButton = (await manager.cardText(form)).match(/Send to \d+ people/)![0];
    await manager.clickAction(form, sendButton);
    await manager.waitForCardText(form, 'delivered');
    await session.quorum.quorum.outbox.drain();
    await manager.screenshot(screenshotPath('consultation-sent'));
    await manager.page.close();

    const member = await actAs(POLICE);
    const list = await member.ask('consultations');
    expect(await member.cardText(list)).toMatch(/Metropolitan Police[^:]*: No response/);
    const ref = (await member.cardText(list)).match(/C-[0-9A-F]{6}/)![0];
    await member.clickAction(list, `Open ${ref}`);
    await member.waitForCardText(list, 'Agree the strategy for publication.');

    await member.clickAction(list, 'Disagree');
    await member.waitForCardText(list, 'Please give a reason to disagree. Nothing was recorded.');
    await member.fillInput(list, 'Reason (required to disagree)', 'The strategy has no section on police referrals.');
    await member.clickAction(list, 'Disagree');
    const answered = await member.waitForCardText(list, 'Recorded for Metropolitan Police Service');
    expect(answered).toContain('Disagree');
    expect(answered).toContain('The strategy has no section on police referrals.');
    expect(answered).toContain('Borough Commander');
    await member.screenshot(screenshotPath('consultation-answered'));
    await member.page.close();

    const chair = await actAs(CHAIR);
    clock.set('2026-12-04T17:00:00.000Z');
    expect((await session.quorum.quorum.consultations.closeDue()).closed).toBe(1);
    await session.quorum.quorum.outbox.drain();
    const summary = await session.deliveredCard(chair, CHAIR, /^consultation:.*:summary$/);
    const text = await chair.cardText(summary);
    expect(text).toContain('Neglect strategy 2027');
    expect(text).toContain('The strategy has no section on police referrals.');
    await chair.screenshot(screenshotPath('consultation-summary'));
  });
});
