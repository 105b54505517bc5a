import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorSession, type EmulatorSession } from '../support/emulator-session.js';
import { FixedClock } from '../support/fixed-clock.js';
import { screenshotPath } from '../support/screenshots.js';

/**
 * The first cards a newcomer meets, in the Teams emulator: whoami and help for a member (the
 * Borough Commander), a chair (the independent chair) and the board manager, and the consultation
 * form on a phone-width card. `npm run screenshots` saves the pictures into docs/screenshots.
 */

const MANAGER = 'user-id-0';
const CHAIR = 'user-id-1';
const MEMBER = 'user-id-5';

let session: EmulatorSession;

beforeAll(async () => {
  session = await startEmulatorSession({ clock: new FixedClock('2026-11-24T10:00:00.000Z') });
});
afterAll(() => session?.stop());

describe('whoami and help in the emulator', () => {
  it.each([
    ['member', MEMBER, 'You sit on the Merton Safeguarding Children Board (Main Board) for Metropolitan Police Service (Merton Borough) as Borough Commander; you vote.', ['My meetings', 'Open consultations'], ['Send a consultation', 'Membership']],
    ['chair', CHAIR, 'You chair the Merton Safeguarding Children Board (Main Board) as Independent Chair; you have the casting vote (C App3).', ['Send a consultation', "Chair's brief"], ['Membership', 'Attendance register']],
    ['manager', MANAGER, 'You support the Merton Safeguarding Children Board (Main Board) as MSCB Board Development Manager, its board manager', ['Send a consultation', 'Membership', 'Attendance register'], []],
  ])('shows the %s who they are and what they may do', async (who, user, sentence, shown, hidden) => {
    const ui = await session.actAs(user);
    const whoami = await ui.ask('whoami');
    expect(await ui.cardText(whoami)).toContain(sentence);
    await whoami.screenshot({ path: screenshotPath(`whoami-${who}`) });

    const help = await ui.ask('help');
    const text = await ui.cardText(help);
    expect(text).toContain('Answer for your agency');
    for (const button of shown) expect(text).toContain(button);
    for (const button of hidden) expect(text).not.toContain(button);
    await help.screenshot({ path: screenshotPath(`help-${who}`) });
    await ui.page.close();
  });

  it('fits the consultation form, its time picker included, on a card 360 px wide', async () => {
    const ui = await session.actAs(MANAGER);
    const form = await ui.ask('consult');
    // The emulator keeps a chat card at least ~450 px wide whatever the window, so the card is set to
    // a phone's 360 px and laid out again by the same renderer.
    await form.evaluate((el) => Object.assign((el as HTMLElement).style, { width: '360px', minWidth: '0', maxWidth: '360px' }));
    const card = (await form.boundingBox())!;
    expect(Math.abs(card.width - 360)).toBeLessThan(8);
    for (const label of ['Deadline', 'Deadline time (UK)', 'Also require answers from (optional)']) {
      const input = form.getByLabel(label, { exact: true }).first();
      const box = (await input.boundingBox())!;
      expect(box.x + box.width, label).toBeLessThanOrEqual(card.x + card.width + 1);
    }
    expect(await form.innerHTML()).toContain('Other agencies that must answer');
    await form.screenshot({ path: screenshotPath('consultation-form-360') });
    await ui.page.close();
  });
});
