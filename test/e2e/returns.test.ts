import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosmosActionRepo } from '../../infra/cosmos/actions.cosmos-repo.js';
import { buildTab } from '../../scripts/build-tab.js';
import type { Delivery } from '../../services/ports/outbox.js';
import { startEmulatorSession, type EmulatorSession } from '../support/emulator-session.js';
import { FixedClock } from '../support/fixed-clock.js';
import { screenshotPath } from '../support/screenshots.js';

/**
 * Agency returns end to end (issue #20), in the Teams emulator and the tab in Chromium: the board
 * manager opens a Section 11 round for five agencies in the tab; the CCG's member gets the card in
 * Teams and returns all green; the Police return an Amber with an action; CSF's deputy starts a draft
 * that the Director submits; Probation is reminded and returns late; CAFCASS never returns. The
 * Independent Chair's summary names who had not returned; the matrix shows all five states; the
 * Amber's action is in the register and its lead is chased. The manager plans the April/May peer
 * review meetings from the round and records one's evaluation, which the matrix marks.
 */

const PARTNERSHIP = 'merton-2015';
const ROUND = 's11-2026';
const AGENCIES = ['merton-ccg', 'met-police', 'csf', 'london-probation', 'cafcass'];
const clock = new FixedClock('2026-03-02T10:00:00.000Z'); // Mon 2 Mar 2026
let session: EmulatorSession;
let tab: Page;

beforeAll(async () => {
  await buildTab();
  session = await startEmulatorSession({ clock });
  tab = await session.chromium.newPage();
});
afterAll(() => session?.stop());

const base = () => `http://127.0.0.1:${session.quorum.port}/tab/index.html`;
const drain = () => session.quorum.quorum.outbox.drain();

/** Signs in to the tab with the development sign-in as a sample person, on the given address. */
async function tabAs(name: string, query = 'view=returns'): Promise<void> {
  await tab.goto(base());
  await tab.evaluate(() => sessionStorage.clear());
  await tab.goto(`${base()}?${query}`);
  await tab.locator('#dev-user').waitFor();
  await tab.locator('#dev-user').selectOption({ label: name });
  await tab.locator('#dev-sign-in').click();
  await tab.locator('.panel-body[data-view="returns"][data-loaded="true"]').waitFor();
}

async function fillStandards(ratings: Record<string, 'green' | 'amber' | 'red'>, evidence: string) {
  for (const id of ['1', '2', '3', '4', '5', '6', '7', '8']) {
    const fs = tab.locator(`fieldset.standard[data-standard="${id}"]`);
    await fs.locator(`input[value="${ratings[id] ?? 'green'}"]`).check();
    await fs.locator('textarea').fill(evidence);
  }
}

async function submitted(): Promise<string> {
  await tab.locator('#return-submit').click();
  await tab.locator('.status-banner[data-status="submitted"]').waitFor();
  return tab.locator('.status-banner').innerText();
}

async function deliveries(batch: RegExp): Promise<Delivery[]> {
  const { resources } = await session.quorum.quorum.store.containers.outbox.items.query<Delivery>('SELECT * FROM c').fetchAll();
  return resources.filter((d) => batch.test(d.batchId));
}

describe('a Section 11 round in Teams and the tab', () => {
  it('is opened, returned in every way but one, chased, summed up and read as a matrix', async () => {
    // The CCG's Chief Officer has Teams open when the round opens.
    const ccg = await session.actAs('user-id-4');

    // The manager opens the round in the tab.
    await tabAs('MSCB Board Manager');
    await tab.locator('details.open-round > summary').click();
    await tab.locator('#round-period').fill('2026');
    await tab.locator('#round-title').fill('Section 11 self-assessment 2026');
    await tab.locator('#round-deadline').fill('2026-03-13');
    await tab.locator('#round-agencies').selectOption(AGENCIES);
    await tab.locator('#round-open').click();
    await tab.getByText('cards are on their way to the return leads').waitFor();
    await drain();

    // The card in Teams opens the return in the tab.
    const card = await session.deliveredCard(ccg, 'user-id-4', /^returns:s11-2026:merton-ccg:open$/);
    const text = await ccg.cardText(card);
    expect(text).toContain("Your agency's Section 11 self-assessment is due");
    expect(text).toContain('never read as green');
    await ccg.screenshot(screenshotPath('returns-card'));
    await ccg.page.close();

    // CCG: all green.
    await tabAs('Chief Officer, Merton Clinical Commissioning Group', `view=returns&round=${ROUND}&agency=merton-ccg`);
    await fillStandards({}, 'Audited against the CCG safeguarding framework, January 2026.');
    expect(await submitted()).toContain('Submitted by Chief Officer, Merton Clinical Commissioning Group');

    // Police: an Amber is refused without an action, naming the standard; then with one it goes in.
    await tabAs('Borough Commander, Metropolitan Police (Merton)', `view=returns&round=${ROUND}&agency=met-police`);
    await fillStandards({ '4': 'amber' }, 'Borough safeguarding audit 2025/26.');
    await tab.locator('#return-submit').click();
    await expect.poll(() => tab.locator('.form-messages').innerText()).toContain('Standard 4 (Service development takes into account');
    const four = tab.locator('fieldset.standard[data-standard="4"]');
    await four.locator('.add-action').click();
    await four.locator('.action-what').fill("Use the youth panel's views when changing front-desk services.");
    await four.locator('.action-lead').fill('Detective Chief Inspector, Safeguarding');
    await four.locator('.action-due').fill('2026-06-30');
    await four.scrollIntoViewIfNeeded();
    await tab.screenshot({ path: screenshotPath('returns-form') });
    expect(await submitted()).toContain('Submitted by Borough Commander');

    // CSF: the deputy starts a draft; the Director finishes and submits it.
    await tabAs('Deputy: Director of Children, Schools and Families', `view=returns&round=${ROUND}&agency=csf`);
    await fillStandards({}, 'Draft: the CSF safeguarding audit.');
    await tab.locator('#return-save').click();
    await tab.locator('.status-banner[data-status="draft"]').waitFor();
    await tabAs('Director of Children, Schools and Families', `view=returns&round=${ROUND}&agency=csf`);
    expect(await tab.locator('.status-banner').innerText()).toContain('last saved by Deputy: Director of Children, Schools and Families');
    expect(await tab.locator('fieldset.standard[data-standard="1"] textarea').inputValue()).toBe('Draft: the CSF safeguarding audit.');
    expect(await submitted()).toContain('Submitted by Director of Children, Schools and Families');

    // Reminders 3 working days before the deadline go to Probation and CAFCASS only, once.
    clock.set('2026-03-10T09:00:00.000Z');
    await session.quorum.quorum.scheduler.runNow('returns.remind', clock.now());
    await session.quorum.quorum.scheduler.runNow('returns.remind', clock.now());
    const reminded = [...new Set((await deliveries(/^returns:s11-2026:.*:remind:3$/)).map((d) => d.batchId.split(':')[2]))].sort();
    expect(reminded).toEqual(['cafcass', 'london-probation']);

    // After the deadline the Independent Chair's summary names who did not return.
    const chair = await session.actAs('user-id-1');
    clock.set('2026-03-13T17:05:00.000Z');
    await session.quorum.quorum.scheduler.runNow('returns.summarise', clock.now());
    await drain();
    const summary = await session.deliveredCard(chair, 'user-id-1', /^returns:s11-2026:summary$/);
    const summaryText = await chair.cardText(summary);
    expect(summaryText).toContain('3 of 5 returned');
    expect(summaryText).toContain('CAFCASS');
    expect(summaryText).toContain('London Probation');
    await chair.screenshot(screenshotPath('returns-summary'));
    await chair.page.close();

    // Probation returns late.
    clock.set('2026-03-16T11:00:00.000Z');
    await tabAs('Assistant Chief Officer, London Probation', `view=returns&round=${ROUND}&agency=london-probation`);
    await fillStandards({}, 'Probation safeguarding review 2026.');
    expect(await submitted()).toContain('(late)');

    // The matrix shows all five states.
    await tabAs('MSCB Board Manager');
    const matrix = tab.locator('table.returns-matrix');
    await matrix.waitFor();
    const status = (agency: string) => matrix.locator(`tr.status-row td[data-agency="${agency}"]`).innerText();
    expect(await status('merton-ccg')).toMatch(/^Submitted/);
    expect(await status('london-probation')).toMatch(/^Submitted late/);
    expect(await status('cafcass')).toBe('Not returned');
    const cell = (agency: string, standard: string) => matrix.locator(`td[data-agency="${agency}"][data-standard="${standard}"]`).innerText();
    expect(await cell('met-police', '4')).toContain('Amber');
    expect(await cell('csf', '4')).toContain('Green');
    expect(await cell('cafcass', '1')).toBe('Not returned');
    await tab.screenshot({ path: screenshotPath('returns-matrix') });

    // The manager plans the April/May peer review meetings (C §6.5) and records the Police's evaluation.
    await tab.locator('details.plan-reviews > summary').click();
    await tab.locator('#review-place').fill('Civic Centre, Committee Room C');
    await tab.locator('#review-plan').click();
    await tab.getByText('5 peer review meetings planned.').waitFor();
    expect(await tab.locator('ul.planned-reviews li').count()).toBe(5);
    await tabAs('MSCB Board Manager', `view=returns&round=${ROUND}&agency=met-police`);
    expect(await tab.locator('.review-meeting').innerText()).toMatch(/^Meeting: \w+day, \d+ (April|May) 2026 at 10:00/);
    await tab.locator('section.peer-review textarea').fill('Standard 4 challenged: the youth panel is to be heard before the next review.');
    await tab.locator('section.peer-review select[data-standard="4"]').selectOption('challenged');
    await tab.locator('#evaluation-record').click();
    await tab.locator('.evaluation li[data-standard="4"]').waitFor();
    await tabAs('MSCB Board Manager');
    expect(await matrix.locator('tr.review-row td[data-agency="met-police"]').innerText()).toBe('Reviewed');
    expect(await matrix.locator('tr.review-row td[data-agency="csf"]').innerText()).toBe('Not yet reviewed');

    // The Amber's action is in the register, governed by QA and led by the Police, whose QA seats are chased a week before it is due.
    const register = await new CosmosActionRepo(session.quorum.quorum.store.containers.actions).listForBody(PARTNERSHIP, 'mscb-qa');
    const action = register.find((a) => a.source === 'section-11')!;
    expect(action).toMatchObject({ rag: 'amber', dueDate: '2026-06-30', leads: [{ kind: 'agency', agencyId: 'met-police' }] });
    expect(action.description).toContain("Use the youth panel's views");
    clock.set('2026-06-23T09:00:00.000Z');
    await session.quorum.quorum.scheduler.runNow('actions.chase', clock.now());
    const chased = await deliveries(new RegExp(`^chase:${action.id}:`));
    expect(chased.length).toBeGreaterThan(0);
    // Nothing was chased before: the job ran for the first time on the due-soon day.
    expect(new Set(chased.map((d) => d.batchId)).size).toBe(1);
  });
});
