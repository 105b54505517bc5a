import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startQuorum, type RunningQuorum } from '../../app/start.js';
import { loadConfig } from '../../infra/config.js';
import { freePort } from '../../infra/playground.js';
import { buildTab } from '../../scripts/build-tab.js';
import { CosmosActionRepo } from '../../infra/cosmos/actions.cosmos-repo.js';
import type { ActionItem } from '../../services/domain/action.js';
import { launchChromium, type LaunchedChromium } from '../support/browser.js';
import { seedDashboard, type DashboardSeed } from '../support/dashboard-seed.js';
import { FixedClock } from '../support/fixed-clock.js';
import { silentLog } from '../support/harness.js';
import { screenshotPath } from '../support/screenshots.js';

/**
 * The dashboard tab in headless Chromium, served by the product started as `npm start` starts it
 * (local mode, embedded store, the Merton sample), with data entered through the services. Signs in
 * with the development sign-in, checks the matrix against the answers given, exports CSV, switches
 * theme, runs axe on every view in every theme and saves a screenshot of each view for the README.
 */

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const VIEWS = ['consultations', 'non-response', 'attendance', 'actions', 'policies', 'annual-report'] as const;

let dataDir: string;
let quorum: RunningQuorum;
let chromium: LaunchedChromium;
let page: Page;
let seed: DashboardSeed;
const clock = new FixedClock('2026-06-01T09:00:00.000Z');
const pageErrors: string[] = [];

beforeAll(async () => {
  await buildTab();
  dataDir = await mkdtemp(join(tmpdir(), 'quorum-tab-e2e-'));
  const config = loadConfig({ PORT: String(await freePort()), DATA_DIR: dataDir, PLAYGROUND: 'false', JOBS_ENABLED: 'false' });
  quorum = await startQuorum(config, { clock, log: silentLog });
  seed = await seedDashboard(quorum.quorum, clock);
  chromium = await launchChromium();
  page = await chromium.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  await chromium?.close();
  await quorum?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${quorum.port}/tab/index.html`;

async function openView(view: (typeof VIEWS)[number]) {
  await page.locator(`fluent-tab#tab-${view}`).click();
  await page.locator(`.panel-body[data-view="${view}"][data-loaded="true"]`).waitFor();
  // Fluent slides the tab's underline across; wait until it has arrived.
  await page.waitForFunction(() => (document.querySelector('fluent-tabs') as unknown as { ticking?: boolean } | null)?.ticking !== true);
}

/** Screenshots start at the top of the page and of every scrolling table. */
async function screenshot(name: string) {
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    document.querySelectorAll('.table-scroll').forEach((el) => el.scrollTo(0, 0));
  });
  await page.screenshot({ path: screenshotPath(name) });
}

/**
 * axe-core on the page as it stands, or on one part of it (an open modal dialog: what lies under its
 * overlay is out of reach, and its contrast is not measurable): violations that are serious or critical.
 */
async function seriousViolations(selector?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(selector ?? document, { resultTypes: ['violations'] });
  }, selector);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
}

describe('the dashboard tab in a browser', () => {
  // A test that fails with the details dialog open must not take the following ones down with it.
  afterEach(async () => {
    await page.evaluate(() => document.getElementById('details-dialog')?.setAttribute('hidden', ''));
  });

  it('offers the clearly marked development sign-in and signs in as the board manager', async () => {
    await page.goto(base());
    await page.locator('#dev-user').waitFor();
    expect(await page.locator('.dev-banner').innerText()).toMatch(/Development sign-in.*local mode only/s);
    expect(await seriousViolations()).toEqual([]);
    await screenshot('sign-in');
    await page.selectOption('#dev-user', { label: 'MSCB Board Manager' });
    await page.locator('#dev-sign-in').click();
    await page.locator('#consultation-matrix').waitFor();
    expect(await page.locator('.app-bar .who').innerText()).toBe('MSCB Board Manager');
    expect(await page.locator('.app-bar .chip.dev').innerText()).toBe('Development sign-in');
  });

  it('shows each agency’s answer in the matrix as it was given, with the reason and who answered on click', async () => {
    const cell = (agencyId: string, consultationId: string) =>
      page.locator(`#consultation-matrix tr[data-agency="${agencyId}"] td[data-consultation="${consultationId}"]`);
    const state = (agencyId: string, consultationId: string) => cell(agencyId, consultationId).getAttribute('data-state');
    const { strategy, escalation, qaPlan } = seed.consultations;
    expect(await state('csf', strategy)).toBe('agree');
    expect(await state('met-police', strategy)).toBe('disagree');
    expect(await state('merton-ccg', strategy)).toBe('conflict');
    expect(await state('nhs-england-london', strategy)).toBe('no-response');
    expect(await state('council-lead-member', strategy)).toBe('not-required');
    expect(await state('csf', escalation)).toBe('agree');
    expect(await state('met-police', escalation)).toBe('agree');
    expect(await state('nhs-england-london', escalation)).toBe('no-response');
    expect(await state('csf', qaPlan)).toBe('agree');
    expect(await state('met-police', qaPlan)).toBe('no-response');
    // Not asked: NHS England does not sit on the QA sub-group.
    expect(await page.locator(`#consultation-matrix tr[data-agency="nhs-england-london"] td`).nth(2).getAttribute('data-state')).toBe('none');
    expect(await cell('met-police', strategy).getByRole('button').getAttribute('aria-label')).toMatch(/Disagree\. Show details/);

    await cell('merton-ccg', strategy).getByRole('button').click();
    const dialog = page.locator('#details-dialog');
    await dialog.locator('#dialog-title').waitFor();
    const text = await dialog.innerText();
    expect(text).toContain('Chief Officer, Merton Clinical Commissioning Group');
    expect(text).toContain('Conflicting answers');
    expect(text).toContain('Deputy: Chief Officer, Merton Clinical Commissioning Group (deputy) answered Disagree: Health visiting capacity is not funded.');
    // Focus moves into the dialog, so a keyboard user can close it at once.
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('dialog-close'))).toBe(true);
    expect(await seriousViolations('#details-dialog')).toEqual([]);
    await page.screenshot({ path: screenshotPath('consultation-details') });
    await page.keyboard.press('Escape');
    await dialog.locator('#dialog-title').waitFor({ state: 'hidden' });
    // ...and goes back to the cell it was opened from.
    expect(await page.evaluate(() => document.activeElement?.closest('td')?.getAttribute('data-consultation'))).toBe(strategy);

    await cell('met-police', strategy).getByRole('button').click();
    await expect.poll(() => dialog.innerText()).toContain('The thresholds section needs police input first.');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.locator('#dialog-title').waitFor({ state: 'hidden' });
  });

  it('exports the matrix as CSV through a download', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV: the answers matrix' }).click()]);
    expect(download.suggestedFilename()).toBe('consultation-matrix.csv');
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^Agency,/);
    expect(lines[0]).toContain(`${seed.refs.strategy} Neglect strategy 2026`);
    const police = lines.find((l) => l.startsWith('Metropolitan Police Service (Merton Borough),'))!;
    expect(police.split(',')).toEqual(['Metropolitan Police Service (Merton Borough)', 'Agree', 'Disagree', 'No response']);
    expect(lines.find((l) => l.startsWith('NHS England (London),'))!.split(',')).toEqual(['NHS England (London)', 'No response', 'No response', 'Not asked']);
    expect(lines.find((l) => l.startsWith('Merton Clinical Commissioning Group,'))).toContain('Conflict');
  });

  it('exports the open consultations table as CSV too', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV: Open consultations and votes, by deadline' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).toContain('Ref,Title,Body,Deadline,Working days left,Answered');
    expect(csv).toContain(`${seed.refs.strategy},Neglect strategy 2026,`);
  });

  it('renders every view with no serious or critical accessibility problems, and saves a screenshot of each', async () => {
    for (const view of VIEWS) {
      await openView(view);
      expect(await page.locator(`.panel-body[data-view="${view}"] .empty-state`).count(), `${view} has data`).toBe(0);
      expect(await seriousViolations(), view).toEqual([]);
      await screenshot(view);
    }
    // The chart has its text alternative.
    await openView('actions');
    const chart = page.locator('svg.chart');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await page.locator('svg.chart desc').textContent()).toMatch(/Quality Assurance Sub Group: 1 red/);
    expect(await page.locator('table.visually-hidden caption').first().textContent()).toMatch(/The chart as a table/);
    expect(pageErrors).toEqual([]);
  });

  it('filters actions by lead', async () => {
    await openView('actions');
    await page.selectOption('#filter-lead', { label: 'Metropolitan Police Service (Merton Borough)' });
    await page.locator('.panel-body[data-view="actions"][data-loaded="true"] #filter-lead').waitFor();
    await expect.poll(() => page.locator('.panel-body[data-view="actions"] caption', { hasText: /^Actions \(/ }).innerText()).toMatch(/^Actions \(1\)/);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.locator('.panel-body[data-view="actions"] caption', { hasText: /^Actions \(/ }).innerText()).toMatch(/^Actions \(5\)/);
  });

  it("pages a long action list: the first 100, then more on request, until every action is shown (#14)", async () => {
    const partnershipId = (await quorum.quorum.directory.directories())[0]!.partnership.id;
    const extra: ActionItem[] = Array.from({ length: 200 }, (_, i) => ({
      id: `paged-${i}`,
      ref: `A-P${String(i).padStart(4, '0')}`,
      partnershipId,
      source: 'work-plan',
      description: `Paged action ${i + 1}`,
      bodyId: 'mscb-qa',
      leads: [{ kind: 'seat', seatId: 'qa-psw' }],
      leadKeys: ['seat:qa-psw'],
      dueDate: '2027-03-31',
      rag: 'green',
      status: 'open',
      progress: [{ at: '2026-10-01T09:00:00.000Z', by: 'p-mscb-manager', kind: 'created' }],
      confidential: false,
      viewers: [],
      createdBy: 'p-mscb-manager',
      createdAt: '2026-10-01T09:00:00.000Z',
      updatedAt: '2026-10-01T09:00:00.000Z',
      scheduleFrom: '2026-10-01',
    }));
    await new CosmosActionRepo(quorum.quorum.store.containers.actions).createMany(extra);
    await openView('actions');
    await page.selectOption('#filter-body', 'mscb-qa');
    const caption = page.locator('.panel-body[data-view="actions"] .actions-all caption');
    await expect.poll(() => caption.innerText()).toMatch(/^Actions \((\d+)\)\s*showing 100/);
    const total = Number(/^Actions \((\d+)\)/.exec(await caption.innerText())![1]);
    expect(total).toBeGreaterThan(200);
    const rows = page.locator('.panel-body[data-view="actions"] .actions-all tbody tr');
    expect(await rows.count()).toBe(100);
    while (await page.locator('.load-more').count()) {
      const before = await rows.count();
      await page.locator('.load-more').click();
      await expect.poll(() => rows.count()).toBeGreaterThan(before);
    }
    expect(await rows.count()).toBe(total);
    expect(await caption.innerText()).toBe(`Actions (${total})`);
  });

  it('switches to the dark and high-contrast themes, accessibly', async () => {
    await openView('consultations');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.selectOption('#theme-switch', 'dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await background()).not.toBe(light);
    expect(await background()).toBe('rgb(31, 31, 31)');
    expect(new URL(page.url()).searchParams.get('theme')).toBe('dark');
    for (const view of VIEWS) {
      await openView(view);
      expect(await seriousViolations(), `dark ${view}`).toEqual([]);
    }
    await openView('consultations');
    await screenshot('dark');

    // A fresh load with ?theme=contrast starts in high contrast (as Teams passes its theme).
    await page.goto(`${base()}?theme=contrast&view=attendance`);
    await page.locator('.panel-body[data-view="attendance"][data-loaded="true"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('contrast');
    expect(await background()).toBe('rgb(0, 0, 0)');
    for (const view of VIEWS) {
      await openView(view);
      expect(await seriousViolations(), `contrast ${view}`).toEqual([]);
    }
    await openView('consultations');
    await screenshot('contrast');
    await page.selectOption('#theme-switch', 'light');
    expect(await background()).toBe(light);
  });

  it('serves the channel tab configuration page, which says to open it from Teams in a plain browser', async () => {
    const config = await chromium.newPage();
    await config.goto(`http://127.0.0.1:${quorum.port}/tab/config.html`);
    await config.locator('#config-view').waitFor();
    expect(await config.locator('[role="status"]').innerText()).toMatch(/Open this page from Teams/);
    await config.addScriptTag({ path: axePath });
    const violations = await config.evaluate(async () => (await (window as unknown as { axe: { run(): Promise<{ violations: { impact: string; id: string }[] }> } }).axe.run()).violations);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    const headers = (await config.goto(`http://127.0.0.1:${quorum.port}/tab/index.html`))!.headers();
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'self' https:\/\/teams\.microsoft\.com/);
    await config.close();
  });

  it('shows a member only their agency, and no annual report', async () => {
    await page.getByRole('button', { name: 'Switch user' }).click();
    await page.selectOption('#dev-user', { label: 'Borough Commander, Metropolitan Police (Merton)' });
    await page.locator('#dev-sign-in').click();
    await page.locator('#consultation-matrix').waitFor();
    expect(await page.locator('#consultation-matrix tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-agency')))).toEqual(['met-police']);
    expect(await page.locator('fluent-tab#tab-annual-report').count()).toBe(0);
    expect(await seriousViolations()).toEqual([]);
  });
});
