import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAND_IN_USERS } from '../../infra/graph/stand-in-graph.js';
import { withReserveUser } from '../../infra/playground.js';
import { buildTab } from '../../scripts/build-tab.js';
import type { AgencyAnswer } from '../../services/domain/consultation.js';
import type { Delivery } from '../../services/ports/outbox.js';
import type { PlaygroundPage } from '../support/browser.js';
import { startEmulatorSession, type EmulatorSession } from '../support/emulator-session.js';
import { FixedClock } from '../support/fixed-clock.js';
import { screenshotPath } from '../support/screenshots.js';

/**
 * A partnership of its own (issue #12), from an empty store to an answered consultation: the board
 * manager named in QUORUM_MANAGERS is welcomed in the emulator, imports the sample spreadsheet on
 * the Members page of the tab in Chromium (dry run first, then applied), gives the police seat on
 * the board to a B2B guest found in the stand-in Graph from a later date, and sends a consultation
 * to the board. The guest is an emulator user with their host-tenant object id (a reserve block
 * loaded in place of the CCG Chief Officer, user-id-4) in an emulator of their own, so the card
 * reaches them while the first emulator restarts as the manager; they answer it on that card.
 */

const MANAGER = 'user-id-0';
const MANAGER_AAD = '00000000-0000-0000-0000-000000000101';
const BOROUGH_COMMANDER_AAD = '00000000-0000-0000-0000-000000000106';
const GUEST_USER = 'user-id-9';
const GUEST_RECORD = STAND_IN_USERS.find((u) => u.id === 'e3e67272-6cf2-45ef-a45e-aca38d99c81c')!;
const GUEST = { id: GUEST_RECORD.id, displayName: GUEST_RECORD.displayName!, mail: GUEST_RECORD.mail! };
const SEAT = 'board-police-commander';
const SAMPLE = 'partnerships/merton-2015.xlsx';

const IMPORTED_ON = '2026-11-02';
const CHANGED_ON = '2026-11-24';
const clock = new FixedClock(`${IMPORTED_ON}T10:00:00.000Z`); // Mon 2 Nov 2026, 10:00 in London

/** The guest as an emulator user: a commented reserve block, loaded in place of user-id-4. */
function withGuest(committed: string): string {
  const block = [
    `#  - id: ${GUEST_USER}`,
    '#    name: Detective Superintendent',
    '#    userPrincipleName: dsupt.publicprotection@met.police.example',
    `#    aadObjectId: ${GUEST.id}`,
    '#    givenName: Detective',
    '#    surname: Superintendent',
    '#    email: dsupt.publicprotection@met.police.example',
  ];
  const lines = committed.split('\n');
  const at = lines.findIndex((l) => l.startsWith('personalChat:'));
  lines.splice(at, 0, ...block);
  return withReserveUser(lines.join('\n'), GUEST_USER, 'user-id-4');
}

let session: EmulatorSession;
let tab: Page;
const tabErrors: string[] = [];
const actAs = (userId: string) => session.actAs(userId);
const testId = (id: string) => tab.locator(`[data-testid="${id}"]`);
let consultationRef: string;
/** The guest's own emulator page, and the id of the consultation card delivered to it. */
let guest: PlaygroundPage;
let delivered: string;
const ASK = 'Agree the protocol for publication.';

beforeAll(async () => {
  await buildTab();
  session = await startEmulatorSession({
    clock,
    yml: withGuest,
    env: { PARTNERSHIP_FILE: 'none', QUORUM_MANAGERS: MANAGER_AAD },
  });
});

afterAll(() => session?.stop());

async function partnership() {
  const [stored] = await session.quorum.quorum.directory.directories();
  if (!stored) throw new Error('no partnership is stored');
  return stored.partnership;
}

/** A viewport screenshot from the top, or with `locator` in the middle of it (the seats table is long, its header sticky). */
async function screenshot(name: string, locator?: Locator) {
  if (locator) await locator.evaluate((el: Element) => el.scrollIntoView({ block: 'center' }));
  else await tab.evaluate(() => window.scrollTo(0, 0));
  await tab.screenshot({ path: screenshotPath(name) });
}

describe('a partnership of its own, from an empty store to an answered consultation', () => {
  it('welcomes the manager named in QUORUM_MANAGERS in Teams while nothing is set up', async () => {
    expect(await session.quorum.quorum.directory.directories()).toEqual([]);
    const manager = await actAs(MANAGER);
    const card = await manager.ask('help');
    const text = await manager.cardText(card);
    expect(text).toContain('Welcome to Quorum');
    expect(text).toContain('Members page');
    await manager.screenshot(screenshotPath('members-first-run'));
    await manager.page.close();
  });

  it('signs the first-run manager in to the tab, where the Members page offers the setup', async () => {
    tab = await session.chromium.context.newPage();
    tab.on('pageerror', (err) => tabErrors.push(err.message));
    await tab.goto(`http://127.0.0.1:${session.quorum.port}/tab/index.html?view=members`);
    await tab.locator('#dev-user').waitFor();
    await tab.selectOption('#dev-user', { label: 'Board manager (first run)' });
    await tab.locator('#dev-sign-in').click();
    await testId('setup').waitFor();
    expect(await tab.locator('fluent-tab').evaluateAll((tabs) => tabs.map((t) => t.id))).toEqual(['tab-members']);
    await testId('import-file').waitFor();
  });

  it('imports the sample spreadsheet: checks it first, then applies it', async () => {
    await testId('import-file').setInputFiles(SAMPLE);
    await testId('import-check').click();
    const plan = testId('import-plan');
    await plan.waitFor();
    expect(await testId('import-problems').count()).toBe(0);
    const count = async (kind: 'add' | 'change' | 'end') => Number(await testId(`import-count-${kind}`).locator('.stat-value').innerText());
    expect(await count('add')).toBeGreaterThan(100);
    expect(await count('change')).toBe(0);
    expect(await count('end')).toBe(0);
    expect(await plan.innerText()).toContain('Checked: effective from');
    // A dry run stores nothing.
    expect(await session.quorum.quorum.directory.directories()).toEqual([]);
    await screenshot('members-import-check');

    await testId('import-apply').click();
    const applied = testId('import-applied');
    await applied.waitFor();
    expect(await applied.innerText()).toContain('Applied: the membership now reads as below.');
    const [stored] = await session.quorum.quorum.directory.directories();
    expect(stored?.partnership.name).toBe('Merton Safeguarding Children Board');
    await screenshot('members-imported');
  });

  it('gives the police seat on the board to a guest found in the directory, from a later date', async () => {
    clock.set(`${CHANGED_ON}T10:00:00.000Z`); // Tue 24 Nov 2026
    await testId('members-tab-seats').click();
    const row = tab.locator(`#seat-row-${SEAT}`);
    await row.waitFor();
    expect(await row.innerText()).toContain('Borough Commander, Metropolitan Police (Merton)');

    await testId(`change-seat-${SEAT}`).click();
    const form = testId('form-change-seat');
    await form.waitFor();
    await form.locator('[data-testid="picker-holder"]').fill('Detective Super');
    const option = form.locator(`[data-testid="picker-option"][data-object-id="${GUEST.id}"]`);
    await option.waitFor();
    expect(await option.innerText()).toContain('Metropolitan Police Service');
    await option.click();
    expect(await form.locator('[data-testid="picker-holder"]').inputValue()).toBe(GUEST.displayName);
    await form.getByText(`New to the partnership: ${GUEST.mail} (guest)`).waitFor();
    await form.locator('[data-testid="seat-effective"]').fill(CHANGED_ON);
    await screenshot('members-seat-form', form);
    await form.locator('[data-testid="seat-save"]').click();

    await row.filter({ hasText: GUEST.displayName }).waitFor();
    await form.waitFor({ state: 'hidden' });
    const text = await row.innerText();
    expect(text).toContain('Guest');
    expect(text).toContain('Metropolitan Police Service');
    expect(text).toContain('24 Nov 2026');
    // The Holder column; the Borough Commander's deputy stays the seat's deputy.
    const holder = await row.locator(':scope > th, :scope > td').nth(6).innerText();
    expect(holder).toContain(GUEST.displayName);
    expect(holder).not.toContain('Borough Commander');
    await screenshot('members-seat-changed', row);

    const guest = (await partnership()).people.find((p) => p.aadObjectId === GUEST.id);
    expect(guest).toMatchObject({ displayName: GUEST.displayName, guest: true, organisation: 'Metropolitan Police Service' });
    expect(tabErrors).toEqual([]);
  });

  it("sets and removes a body's proxy rule and the board's dissent route on the body form", async () => {
    const body = async (id: string) => (await partnership()).bodies.find((b) => b.id === id)!;
    const openBody = async (id: string) => {
      await testId(`change-body-${id}`).click();
      const form = testId('form-change-body');
      await form.waitFor();
      return form;
    };
    const save = async (form: Locator) => {
      await form.locator('[data-testid="body-save"]').click();
      await form.waitFor({ state: 'hidden' });
    };
    await testId('members-tab-bodies').click();

    let form = await openBody('mscb-big');
    await form.locator('[data-testid="proxies"]').selectOption('chair');
    await form.locator('[data-testid="proxies-source"]').fill('BIG ToR: proxies with the agreement of the chair');
    await save(form);
    expect((await body('mscb-big')).proxies).toEqual({ chairAgreement: true, substituteRequired: false, source: 'BIG ToR: proxies with the agreement of the chair' });
    form = await openBody('mscb-big');
    expect(await form.locator('[data-testid="proxies"]').inputValue()).toBe('chair');
    await form.locator('[data-testid="proxies"]').selectOption('');
    await save(form);
    expect((await body('mscb-big')).proxies).toBeUndefined();

    form = await openBody('mscb-board');
    await form.locator('[data-testid="dissent-to"]').selectOption('p-lay-member-1');
    await form.locator('[data-testid="body-save"]').click();
    // The route needs its title, grounds and source: each is named, and nothing is saved.
    await form.locator('[data-field="decision.dissent.referToTitle"].invalid').waitFor();
    expect((await body('mscb-board')).decision?.dissent).toBeUndefined();
    await form.locator('[data-testid="dissent-title"]').fill('a lay member');
    await form.locator('[data-testid="dissent-grounds"]').fill('the decision puts children at risk');
    await form.locator('[data-testid="dissent-source"]').fill('Board minute 12/2026');
    await screenshot('members-body-dissent', form);
    await save(form);
    expect((await body('mscb-board')).decision?.dissent).toEqual({ referToPersonId: 'p-lay-member-1', referToTitle: 'a lay member', grounds: 'the decision puts children at risk', source: 'Board minute 12/2026' });
    form = await openBody('mscb-board');
    expect(await form.locator('[data-testid="dissent-title"]').inputValue()).toBe('a lay member');
    await form.locator('[data-testid="dissent-to"]').selectOption('');
    await save(form);
    const board = await body('mscb-board');
    expect(board.decision?.dissent).toBeUndefined();
    expect(board.decision?.castingVote.holder).toBe('independent-chair');
    expect(tabErrors).toEqual([]);
  });

  it('knows the guest in Teams, in a client of their own, with their organisation', async () => {
    // Opening Quorum stores the guest's conversation, so the consultation can reach them there.
    guest = await session.openOwnClient(GUEST_USER);
    const card = await guest.ask('whoami');
    const text = await guest.cardText(card);
    expect(text).toContain(GUEST.displayName);
    expect(text).toContain('Metropolitan Police Service');
    expect(text).toContain('as Borough Commander; you vote');
  });

  it('sends a consultation to the board that reaches the new holder, and not the one they replaced', async () => {
    const manager = await actAs(MANAGER);
    const form = await manager.ask('consult');
    await manager.fillInput(form, 'Title', 'Child exploitation protocol 2027');
    await manager.fillInput(form, 'What is the body asked to do?', ASK);
    await manager.fillInput(form, 'Deadline', '2026-12-04');
    await manager.fillInput(form, 'Deadline time (UK)', '17:00');
    await manager.clickAction(form, 'Preview');
    const preview = await manager.waitForCardText(form, 'Preview: nothing has been sent yet');
    expect(preview).toContain('Merton Safeguarding Children Board');
    const sendButton = preview.match(/Send to (\d+) people/)!;
    await manager.clickAction(form, sendButton[0]);
    const progress = await manager.waitForCardText(form, 'delivered');
    consultationRef = progress.match(/C-[0-9A-F]{6}/)![0];
    await session.quorum.quorum.outbox.drain();
    await manager.screenshot(screenshotPath('members-consultation-sent'));
    await manager.page.close();

    const { resources: deliveries } = await session.quorum.quorum.store.containers.outbox.items
      .query<Delivery>({ query: "SELECT * FROM c WHERE STARTSWITH(c.batchId, 'consultation:') AND ENDSWITH(c.batchId, ':open')" })
      .fetchAll();
    const byRecipient = new Map(deliveries.map((d) => [d.recipientAad, d]));
    expect(byRecipient.size).toBe(Number(sendButton[1]));
    // The manager and the guest opened Quorum; the other imported members have not yet (reach would install it for them).
    expect(byRecipient.get(MANAGER_AAD)?.status).toBe('sent');
    expect(byRecipient.get(GUEST.id)).toMatchObject({ status: 'sent', activityId: expect.any(String) });
    delivered = byRecipient.get(GUEST.id)!.activityId!;
    // The Borough Commander held the seat until the day before; it was their only seat on the board.
    expect(byRecipient.has(BOROUGH_COMMANDER_AAD)).toBe(false);
  });

  it('is answered by the guest on the card it delivered, for their agency', async () => {
    const card = await guest.waitForBotCard(delivered, { what: 'the consultation card' });
    const text = await guest.cardText(card);
    expect(text).toContain(consultationRef);
    expect(text).toContain(ASK);
    await guest.clickAction(card, 'Agree');
    const answered = await guest.waitForCardText(card, 'Recorded for Metropolitan Police Service');
    expect(answered).toContain('Agree');
    await guest.screenshot(screenshotPath('members-consultation-answered'));

    const guestId = (await partnership()).people.find((p) => p.aadObjectId === GUEST.id)!.id;
    const { resources: answers } = await session.quorum.quorum.store.containers.consultations.items
      .query<AgencyAnswer>({ query: "SELECT * FROM c WHERE c.agencyId = 'met-police' AND IS_DEFINED(c.consultationId)" })
      .fetchAll();
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ choice: 'agree', answeredBy: guestId, seatId: SEAT, answeredAt: `${CHANGED_ON}T10:00:00.000Z` });
  });
});
