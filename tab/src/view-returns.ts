import type { DataSetView, FigureCell, MatrixAgency, MatrixView, RatingChange, ReturnsHome } from '../../services/domain/returns-views.js';
import { ApiError, type Api } from './api.js';
import { clear, h, shortDate, uid } from './dom.js';
import { download, tableCard, toCsv } from './table.js';
import { noReturns, RATING_TEXT, renderReturnForm, STATUS_TEXT } from './view-returns-form.js';
import { emptyState, select } from './widgets.js';

const CHANGE_TEXT: Record<RatingChange, string> = { better: '↑ better than last round', worse: '↓ worse than last round', same: 'same as last round', new: 'new this round' };

/** The Returns view: your own returns, the manager's round form, the Section 11 matrix and the data set. */
export async function renderReturns(api: Api, panel: HTMLElement, target: { round?: string; agency?: string } = {}): Promise<void> {
  const home = await api.returnsHome();
  const again = () => void renderReturns(api, panel);
  if (target.round && target.agency) {
    renderReturnForm(api, await api.returnView(target.round, target.agency), panel, again);
    return;
  }
  const open = async (roundId: string, agencyId: string) => renderReturnForm(api, await api.returnView(roundId, agencyId), panel, again);
  const parts: (HTMLElement | null)[] = [];
  parts.push(h('h2', {}, 'Your returns'));
  parts.push(
    home.mine.length
      ? h(
          'ul',
          { class: 'my-returns' },
          ...home.mine.map((m) =>
            h(
              'li',
              {},
              h('fluent-button', { appearance: 'outline', 'data-round': m.roundId, 'data-agency': m.agencyId, onclick: () => void open(m.roundId, m.agencyId) }, `${m.title}: ${m.agency}`),
              ` ${STATUS_TEXT[m.status]}; due ${shortDate(m.deadline)}`,
            ),
          ),
        )
      : noReturns(),
  );
  if (home.canOpen && home.framework) parts.push(openRoundForm(api, home.framework, again));
  if (home.seesMatrix) {
    const s11 = home.rounds.filter((r) => r.kind === 'section-11');
    const matrixHost = h('div', { class: 'matrix-host' });
    const show = async (roundId?: string) => {
      try {
        matrixHost.replaceChildren(matrixTable(await api.returnsMatrix(roundId), home.seesAll ? open : undefined));
      } catch (err) {
        matrixHost.replaceChildren(emptyState('No Section 11 round yet', err instanceof ApiError && err.status === 404 ? 'The matrix appears when the board manager opens the first round.' : String(err instanceof Error ? err.message : err)));
      }
    };
    parts.push(h('h2', {}, 'Section 11 returns matrix'));
    if (home.canPlanReviews && s11.length) parts.push(planReviewsForm(api, s11.map((r) => ({ id: r.id, title: r.title })), () => void show(s11[0]?.id)));
    if (s11.length > 1) parts.push(select('Round', s11.map((r): [string, string] => [r.id, r.title]), s11[0]!.id, (v) => void show(v), 'returns-round'));
    parts.push(matrixHost);
    await show(s11[0]?.id);
    const years = [...new Set(home.rounds.filter((r) => r.kind === 'data-set').map((r) => r.period.slice(0, 4)))];
    const dataHost = h('div', { class: 'dataset-host' });
    const showData = async (year?: string) => dataHost.replaceChildren(dataSetTable(await api.returnsDataSet(year)));
    parts.push(h('h2', {}, 'Performance data set'));
    if (years.length) parts.push(select('Year (for the annual report)', [['', 'All quarters'], ...years.map((y): [string, string] => [y, y])], '', (v) => void showData(v || undefined), 'dataset-year'));
    parts.push(dataHost);
    await showData();
  }
  clear(panel, ...parts);
}

function ratingCell(a: MatrixAgency, standardId: string): HTMLElement {
  const rating = a.ratings[standardId] ?? null;
  const change = a.change[standardId] ?? null;
  if (rating === null) return h('span', { class: 'chip neutral not-returned' }, 'Not returned');
  return h(
    'span',
    { class: 'rating-cell' },
    h('span', { class: `chip rag-${rating}` }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), RATING_TEXT[rating]),
    change ? h('span', { class: 'change' }, ` ${CHANGE_TEXT[change]}`) : null,
  );
}

const statusText = (a: MatrixAgency) => (a.status === 'submitted' ? `Submitted${a.late ? ' late' : ''}${a.submittedAt ? ` ${shortDate(a.submittedAt)}` : ''}` : a.status === 'draft' ? 'Not returned (draft started)' : 'Not returned');

const reviewText = (a: MatrixAgency) => (a.reviewed ? 'Reviewed' : 'Not yet reviewed');

/** Standards down, agencies across (annual report Appendix 8); words in every cell, colour only beside them. */
function matrixTable(m: MatrixView, open?: (roundId: string, agencyId: string) => Promise<void>): HTMLElement {
  const captionId = uid('caption');
  const table = h(
    'table',
    { class: 'data returns-matrix' },
    h('caption', { id: captionId }, `${m.round.title}: ${m.round.submitted} of ${m.round.agencies} returned`, m.previousRound ? h('span', { class: 'caption-note' }, `Change since ${m.previousRound.title}`) : null),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Standard'),
        ...m.agencies.map((a) =>
          h('th', { scope: 'col', 'data-agency': a.agencyId }, open ? h('a', { href: '#', onclick: (e: Event) => (e.preventDefault(), void open(m.round.id, a.agencyId)) }, a.agency) : a.agency),
        ),
      ),
      h('tr', { class: 'status-row' }, h('th', { scope: 'row' }, 'Return'), ...m.agencies.map((a) => h('td', { 'data-agency': a.agencyId, 'data-status': a.status }, statusText(a)))),
      h('tr', { class: 'review-row' }, h('th', { scope: 'row' }, 'Peer review'), ...m.agencies.map((a) => h('td', { 'data-agency': a.agencyId, 'data-reviewed': String(a.reviewed) }, reviewText(a)))),
    ),
    h(
      'tbody',
      {},
      ...m.standards.map((s) =>
        h('tr', {}, h('th', { scope: 'row' }, `${s.id}. ${s.text}`), ...m.agencies.map((a) => h('td', { 'data-agency': a.agencyId, 'data-standard': s.id }, ratingCell(a, s.id)))),
      ),
    ),
  );
  const csv = () =>
    toCsv(
      ['Standard', ...m.agencies.map((a) => a.agency)],
      [
        ['Return', ...m.agencies.map(statusText)],
        ['Peer review', ...m.agencies.map(reviewText)],
        ...m.standards.map((s) => [`${s.id}. ${s.text}`, ...m.agencies.map((a) => { const r = a.ratings[s.id]; return r ? RATING_TEXT[r] : 'Not returned'; })]),
      ],
    );
  return tableCard(`Section 11 matrix`, table, () => download(`section-11-${m.round.period}.csv`, csv()), captionId);
}

export const cellText = (c: FigureCell | undefined, unit: string): string =>
  !c || c.kind === 'not-asked' ? 'Not asked' : c.kind === 'not-returned' ? 'Not returned' : c.kind === 'cannot-report' ? `Cannot report: ${c.reason}` : `${c.value}${unit === '%' ? '%' : ''}`;

/** The data set by indicator and quarter (annual report Appendix 5), gaps marked, never 0. */
function dataSetTable(v: DataSetView): HTMLElement {
  if (v.indicators.length === 0) return emptyState('No data set returns yet', 'Each quarter of the data set appears here once the board manager opens it.');
  const captionId = uid('caption');
  const table = h(
    'table',
    { class: 'data returns-dataset' },
    h('caption', { id: captionId }, 'Performance data set by indicator and quarter'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Indicator'), h('th', { scope: 'col' }, 'Owed by'), ...v.periods.map((p) => h('th', { scope: 'col', class: 'num' }, p)))),
    h(
      'tbody',
      {},
      ...v.indicators.map((i) =>
        h(
          'tr',
          { 'data-indicator': i.id },
          h('th', { scope: 'row' }, `${i.id} ${i.text} (${i.unit})`),
          h('td', {}, i.agency),
          ...v.periods.map((p) => {
            const c = i.cells[p];
            return h('td', { class: c?.kind === 'value' ? 'num' : `gap ${c?.kind ?? ''}`, 'data-period': p }, cellText(c, i.unit));
          }),
        ),
      ),
    ),
  );
  const csv = () => toCsv(['Indicator', 'Unit', 'Owed by', ...v.periods], v.indicators.map((i) => [`${i.id} ${i.text}`, i.unit, i.agency, ...v.periods.map((p) => cellText(i.cells[p], i.unit))]));
  return tableCard('Data set', table, () => download('data-set.csv', csv()), captionId);
}

function openRoundForm(api: Api, framework: NonNullable<ReturnsHome['framework']>, done: () => void): HTMLElement {
  const messages = h('div', { role: 'alert', class: 'form-messages' });
  const kind = h('select', { id: 'round-kind' }, h('option', { value: 'section-11' }, 'Section 11 self-assessment (a year)'), h('option', { value: 'data-set' }, 'Data set (a quarter)'));
  const period = h('input', { id: 'round-period', type: 'text', maxlength: 10, placeholder: '2026 or 2026-Q1' });
  const title = h('input', { id: 'round-title', type: 'text', maxlength: 200 });
  const deadline = h('input', { id: 'round-deadline', type: 'date' });
  const agencies = h('select', { id: 'round-agencies', multiple: true, size: 8 }, ...framework.agencies.map((a) => h('option', { value: a.id }, a.name)));
  const standards = h('textarea', { id: 'round-standards', rows: 6 });
  standards.value = framework.standards.map((s) => `${s.id}. ${s.text}`).join('\n');
  const field = (label: string, el: HTMLElement, hint?: string) => h('div', { class: 'field' }, h('label', { for: el.id }, label), el, hint ? h('p', { class: 'hint' }, hint) : null);
  const submit = async () => {
    const lines = standards.value.split('\n').map((l) => /^\s*([^.\s]+)\.\s*(.+)$/.exec(l)).filter((m): m is RegExpExecArray => !!m);
    try {
      const res = await api.openRound({
        kind: kind.value,
        period: period.value,
        title: title.value,
        deadline: deadline.value,
        agencyIds: [...agencies.selectedOptions].map((o) => o.value),
        ...(kind.value === 'section-11' ? { standards: lines.map((m) => ({ id: m[1]!, text: m[2]!.trim() })) } : {}),
      });
      clear(messages, h('p', {}, res.kind === 'opened' ? `Opened. ${res.requested ?? 0} cards are on their way to the return leads.` : 'That round was already open.'));
      setTimeout(done, 800);
    } catch (err) {
      const problems = err instanceof ApiError ? ((err.problems ?? []) as { message?: string }[]) : [];
      clear(messages, h('p', {}, err instanceof Error ? (problems.length ? 'The round was not opened:' : err.message) : String(err)), problems.length ? h('ul', {}, ...problems.map((p) => h('li', {}, p.message ?? ''))) : null);
    }
  };
  return h(
    'details',
    { class: 'open-round' },
    h('summary', {}, 'Open a round of returns'),
    field('Kind', kind),
    field('Period', period, 'A year for Section 11 (2026), or a quarter of the data set (2026-Q1).'),
    field('Title', title),
    field('Deadline', deadline, 'Returns are due by 17:00 on this day.'),
    field('Agencies that owe it', agencies, 'Hold Ctrl (Cmd on a Mac) to choose several.'),
    field('Standards for this round (Section 11), one a line as "number. text"', standards, `${framework.indicators} indicators in the data set.`),
    messages,
    h('fluent-button', { appearance: 'accent', id: 'round-open', onclick: () => void submit() }, 'Open the round'),
  );
}

/** The manager's and the QA chair's form: one QA and challenge meeting per agency of a round, in April and May (C §6.5). */
function planReviewsForm(api: Api, rounds: { id: string; title: string }[], done: () => void): HTMLElement {
  const messages = h('div', { role: 'alert', class: 'form-messages' });
  const round = h('select', { id: 'review-round' }, ...rounds.map((r) => h('option', { value: r.id }, r.title)));
  const place = h('input', { id: 'review-place', type: 'text', maxlength: 200, placeholder: 'A room, or Microsoft Teams' });
  const time = h('input', { id: 'review-time', type: 'time', value: '10:00' });
  const field = (label: string, el: HTMLElement) => h('div', { class: 'field' }, h('label', { for: el.id }, label), el);
  const submit = async () => {
    try {
      const res = await api.planPeerReviews(round.value, { place: place.value, time: time.value });
      clear(messages, h('p', {}, res.message), h('ul', { class: 'planned-reviews' }, ...res.reviews.map((r) => h('li', { 'data-agency': r.agencyId }, `${r.agency}: ${shortDate(`${r.date}T12:00:00Z`)} at ${r.time}`))));
      done();
    } catch (err) {
      const problems = err instanceof ApiError ? ((err.problems ?? []) as { message?: string }[]) : [];
      clear(messages, h('p', {}, err instanceof Error ? (problems.length ? 'No meeting was planned:' : err.message) : String(err)), problems.length ? h('ul', {}, ...problems.map((p) => h('li', {}, p.message ?? ''))) : null);
    }
  };
  return h(
    'details',
    { class: 'plan-reviews' },
    h('summary', {}, 'Plan the peer review meetings (April and May)'),
    h('p', { class: 'hint' }, "One QA and challenge meeting of the QA sub-group with each agency of the round, on a working day of April or May of the round's year; the chair and the agency's return lead are invited. Planning again adds only the missing ones."),
    field('Round', round),
    field('Where', place),
    field('Start time', time),
    messages,
    h('fluent-button', { appearance: 'accent', id: 'review-plan', onclick: () => void submit() }, 'Plan the meetings'),
  );
}
