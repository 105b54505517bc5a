import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorSession, type EmulatorSession } from '../support/emulator-session.js';
import { FixedClock } from '../support/fixed-clock.js';

/**
 * Email for a member Teams cannot reach, in Chromium: the CSF Director (user-id-2) takes Quorum by
 * email only. The manager sends a consultation in the Teams emulator; the stand-in Graph holds the
 * mail, listed on the local development mailbox (/dev/mail); the Director opens the Disagree link,
 * gives a reason, then changes to Agree before the deadline; the manager's status shows the agency
 * agreed by email; the Director's standing deputy (user-id-3) cannot overturn it from Teams.
 */

const MANAGER = 'user-id-0';
const CSF_DEPUTY = 'user-id-3';
const DIRECTOR = 'p-csf-director';

const clock = new FixedClock('2026-11-24T10:00:00.000Z');
let session: EmulatorSession;

beforeAll(async () => {
  session = await startEmulatorSession({ clock });
  const q = session.quorum.quorum;
  const { partnership } = await q.directory.directory('merton-2015');
  await q.directory.save(
    { ...partnership, people: partnership.people.map((p) => (p.id === DIRECTOR ? { ...p, channel: 'email', email: 'csf.director@merton.example' } : p)) },
    'test',
  );
});

afterAll(() => session?.stop());

describe('a consultation answered by email', () => {
  it('reaches the email-only member by mail, whose answer by link stands against the deputy in Teams', async () => {
    // The deputy opens Quorum once, so the bot can reach them.
    await (await session.actAs(CSF_DEPUTY)).page.close();

    const manager = await session.actAs(MANAGER);
    const form = await manager.ask('consult');
    await manager.fillInput(form, 'Title', 'Early help strategy 2027');
    await manager.fillInput(form, 'What is the body asked to do?', 'Agree the early help strategy.');
    await manager.fillInput(form, 'Deadline', '2026-12-04');
    await manager.fillInput(form, 'Deadline time (UK)', '17:00');
    await manager.clickAction(form, 'Preview');
    await manager.waitForCardText(form, 'Preview: nothing has been sent yet');
    const sendButton = (await manager.cardText(form)).match(/Send to \d+ people/)![0];
    await manager.clickAction(form, sendButton);
    await manager.waitForCardText(form, 'delivered');
    await session.quorum.quorum.outbox.drain();
    const ref = (await manager.cardText(form)).match(/C-[0-9A-F]{6}/)![0];
    await manager.waitForCardText(form, 'By email: 1 of 1 sent');
    await manager.page.close();

    // The member's mail, on the development mailbox page.
    const mail = await session.chromium.newPage();
    await mail.goto(`http://127.0.0.1:${session.quorum.port}/dev/mail`);
    await mail.getByText('Local development only.').waitFor();
    const article = mail.locator('article', { hasText: 'Early help strategy 2027' }).filter({ hasText: 'csf.director@merton.example' });
    expect(await article.count()).toBe(1);
    await article.getByRole('link', { name: /^Disagree/ }).click();

    await mail.getByRole('heading', { level: 1, name: 'Early help strategy 2027' }).waitFor();
    expect(await mail.getByRole('radio', { name: 'Disagree', exact: true }).isChecked()).toBe(true);
    await mail.getByLabel('Reason (required to disagree)').fill('The strategy does not fund the early help hubs.');
    await mail.getByRole('button', { name: 'Send my answer' }).click();
    await mail.getByText(/Recorded for Children, Schools and Families[^:]*: Disagree\./).waitFor();

    await mail.getByRole('radio', { name: 'Agree', exact: true }).check();
    await mail.getByLabel('Reason (required to disagree)').fill('');
    await mail.getByRole('button', { name: 'Send my answer' }).click();
    await mail.getByText(/Recorded for Children, Schools and Families[^:]*: Agree\./).waitFor();
    expect(await mail.getByRole('main').innerText()).toMatch(/answered Agree: given by you by email/);
    await mail.close();

    const again = await session.actAs(MANAGER);
    const tally = await again.ask(`status ${ref}`);
    expect(await again.cardText(tally)).toMatch(/Director of Children, Schools and Families by email/);
    await again.page.close();

    const deputy = await session.actAs(CSF_DEPUTY);
    const list = await deputy.ask('consultations');
    await deputy.clickAction(list, `Open ${ref}`);
    await deputy.waitForCardText(list, 'Agree the early help strategy.');
    await deputy.fillInput(list, 'Reason (required to disagree)', 'The deputy disagrees.');
    await deputy.clickAction(list, 'Disagree');
    await deputy.waitForCardText(list, 'a deputy cannot overturn');
    const { resources } = await session.quorum.quorum.store.containers.consultations.items
      .query<{ choice: string; answeredBy: string; answeredVia?: string }>({
        query: 'SELECT * FROM c WHERE c.partnershipId = @p AND c.agencyId = @a AND IS_DEFINED(c.consultationId)',
        parameters: [
          { name: '@p', value: 'merton-2015' },
          { name: '@a', value: 'csf' },
        ],
      })
      .fetchAll();
    expect(resources).toHaveLength(1);
    expect(resources[0]).toMatchObject({ choice: 'agree', answeredBy: DIRECTOR, answeredVia: 'email' });
  });
});
