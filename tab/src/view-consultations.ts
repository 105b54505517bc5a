import type { CellState, ConsultationColumn, ConsultationsView, MatrixCell, MatrixRow, NonResponseView } from '../../services/domain/dashboard-views.js';
import { h, londonTime, shortDate, uid } from './dom.js';
import { dataTable, download, tableCard, toCsv } from './table.js';
import { emptyState, openDialog, select } from './widgets.js';

export const CELL_LABELS: Record<CellState, string> = {
  agree: 'Agree',
  disagree: 'Disagree',
  'no-response': 'No response',
  conflict: 'Conflict',
  'not-required': 'Comment only',
};
const CELL_ICONS: Record<CellState, string> = { agree: '✓', disagree: '✗', 'no-response': '○', conflict: '!', 'not-required': '–' };

export function stateChip(state: CellState): HTMLElement {
  return h('span', { class: `chip state-${state}` }, h('span', { class: 'icon', 'aria-hidden': 'true' }, CELL_ICONS[state]), CELL_LABELS[state]);
}

export function renderConsultations(view: ConsultationsView, panel: HTMLElement): void {
  const bodies = [...new Map(view.columns.map((c) => [c.bodyId, c.bodyName])).entries()];
  const matrixHost = h('div', { class: 'matrix-host' });
  const showMatrix = (bodyId: string) => {
    const keep = view.columns.map((c, i) => [c, i] as const).filter(([c]) => !bodyId || c.bodyId === bodyId);
    const columns = keep.map(([c]) => c);
    const rows = view.rows
      .map((r) => ({ ...r, cells: keep.map(([, i]) => r.cells[i] ?? null) }))
      .filter((r) => r.cells.some((c) => c !== null));
    matrixHost.replaceChildren(columns.length ? matrix(columns, rows) : emptyState('No consultations on this body in the last 12 months.'));
  };

  panel.replaceChildren(
    h('p', { class: 'lead' }, view.allAgencies ? "Every agency's answers on your bodies over the last 12 months." : "Your agency's answers over the last 12 months. Chairs and the board manager see every agency."),
    h('h2', {}, 'Open consultations'),
    dataTable({
      caption: 'Open consultations and votes, by deadline',
      exportName: 'open-consultations',
      rows: [...view.openItems].sort((a, b) => a.deadline.localeCompare(b.deadline)),
      empty: 'Nothing is open just now.',
      columns: [
        { header: 'Ref', cell: (r) => r.ref, rowHeader: true, className: 'nowrap' },
        { header: 'Title', cell: (r) => r.title },
        { header: 'Body', cell: (r) => r.bodyName },
        { header: 'Deadline', cell: (r) => londonTime(r.deadline), csv: (r) => r.deadline },
        { header: 'Working days left', cell: (r) => r.workingDaysLeft, numeric: true },
        { header: 'Answered', cell: (r) => `${r.answered} of ${r.required}`, numeric: true },
      ],
    }),
    h('h2', {}, 'Answers by agency'),
    h('div', { class: 'filters', hidden: view.columns.length === 0 }, select('Body', [['', 'All bodies'], ...bodies], '', (v) => showMatrix(v), 'matrix-body')),
    matrixHost,
    legend(),
  );
  if (view.columns.length) showMatrix('');
  else matrixHost.replaceChildren(emptyState('No consultations in the last 12 months.'));
}

function legend(): HTMLElement {
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Key to the answers' },
    ...(Object.keys(CELL_LABELS) as CellState[]).map((s) => h('li', {}, stateChip(s))),
    h('li', {}, h('span', { class: 'chip state-none' }, '—'), ' Not asked'),
  );
}

function matrix(columns: ConsultationColumn[], rows: MatrixRow[]): HTMLElement {
  const captionId = uid('caption');
  const table = h(
    'table',
    { class: 'data matrix', id: 'consultation-matrix' },
    h('caption', { id: captionId }, 'Answers by agency and consultation', h('span', { class: 'caption-note' }, 'Select an answer to see the reason and who gave it.')),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'corner' }, 'Agency'),
        ...columns.map((c) =>
          h(
            'th',
            { scope: 'col', class: 'col-consultation', 'data-consultation': c.id, title: `${c.title} (${c.bodyName}), deadline ${londonTime(c.deadline)}` },
            h('span', { class: 'ref' }, c.ref),
            h('span', { class: 'col-title' }, c.title),
            h('span', { class: 'col-meta' }, `${c.kind === 'decision' ? 'Vote · ' : ''}${shortDate(c.deadline)}${c.status === 'open' ? ' · open' : ''}`),
          ),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h(
          'tr',
          { 'data-agency': row.agencyId },
          h('th', { scope: 'row' }, row.agencyName),
          ...row.cells.map((cell, i) => {
            const column = columns[i]!;
            if (!cell) return h('td', { class: 'cell-none', 'data-state': 'none' }, h('span', { 'aria-hidden': 'true' }, '—'), h('span', { class: 'visually-hidden' }, 'Not asked'));
            return h(
              'td',
              { 'data-state': cell.state, 'data-consultation': column.id },
              h(
                'button',
                {
                  type: 'button',
                  class: `cell state-${cell.state}`,
                  'aria-label': `${row.agencyName}, ${column.ref}: ${CELL_LABELS[cell.state]}. Show details`,
                  onclick: () => details(row, column, cell),
                },
                h('span', { class: 'icon', 'aria-hidden': 'true' }, CELL_ICONS[cell.state]),
                h('span', { class: 'cell-label' }, CELL_LABELS[cell.state]),
              ),
            );
          }),
        ),
      ),
    ),
  );
  const csv = () =>
    download(
      'consultation-matrix.csv',
      toCsv(
        ['Agency', ...columns.map((c) => `${c.ref} ${c.title}`)],
        rows.map((r) => [r.agencyName, ...r.cells.map((c) => (c ? CELL_LABELS[c.state] : 'Not asked'))]),
      ),
    );
  return tableCard('the answers matrix', table, csv, captionId);
}

function details(row: MatrixRow, column: ConsultationColumn, cell: MatrixCell): void {
  const dl = (pairs: [string, string | Node | undefined][]) =>
    h('dl', { class: 'facts' }, ...pairs.filter(([, v]) => v !== undefined && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v!)]));
  openDialog(`${row.agencyName} on ${column.ref}`, [
    h('p', { class: 'dialog-sub' }, column.title, ' · ', column.bodyName),
    dl([
      ['Answer', stateChip(cell.state)],
      ['Standing answer', cell.state === 'conflict' ? CELL_LABELS[cell.choice === 'none' ? 'no-response' : cell.choice] : undefined],
      ['Answered by', cell.answeredBy ? `${cell.answeredBy}${cell.answeredAs === 'deputy' ? ' (deputy)' : ''}` : cell.required ? 'Nobody yet' : undefined],
      ['When', cell.answeredAt ? new Date(cell.answeredAt).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' }) : undefined],
      ['Reason', cell.reason],
      ['Comment', cell.comment],
      ['Sign-off', cell.signedOff ? `Signed off by ${cell.signedOff.by} on ${londonTime(cell.signedOff.at)}` : undefined],
      ['Deadline', londonTime(column.deadline)],
    ]),
    cell.conflicts.length
      ? h(
          'div',
          { class: 'conflicts' },
          h('h3', {}, 'Conflicting answers'),
          h(
            'ul',
            {},
            ...cell.conflicts.map((c) =>
              h(
                'li',
                {},
                `${c.by}${c.as === 'deputy' ? ' (deputy)' : ''} answered ${c.choice === 'agree' ? 'Agree' : 'Disagree'}`,
                c.reason ? `: ${c.reason}` : '',
                c.kind === 'deputy-differs-from-member' ? ' — a deputy cannot overturn the member (C §5.6).' : ' — members of one agency differ.',
              ),
            ),
          ),
        )
      : null,
  ]);
}

export function renderNonResponse(view: NonResponseView, panel: HTMLElement): void {
  const items = view.agencies.flatMap((a) => a.items.map((i) => ({ ...i, agencyName: a.agencyName })));
  panel.replaceChildren(
    h('p', { class: 'lead' }, `Agencies that have not answered, since ${shortDate(view.since)}. No response is never taken as agreement (C §4.9).`),
    h('h2', {}, 'By agency'),
    dataTable({
      caption: 'Non-response by agency',
      exportName: 'non-response-by-agency',
      rows: view.agencies,
      empty: 'Every agency has answered.',
      rowAttrs: (a) => ({ 'data-agency': a.agencyId }),
      columns: [
        { header: 'Agency', cell: (a) => a.agencyName, rowHeader: true },
        { header: 'Not answered', cell: (a) => a.unanswered, numeric: true },
        { header: 'Past the deadline', cell: (a) => a.overdue, numeric: true },
        { header: 'Most days overdue', cell: (a) => a.maxDaysOverdue, numeric: true },
        { header: 'Last reminder', cell: (a) => (a.lastReminder ? londonTime(a.lastReminder) : '—'), csv: (a) => a.lastReminder ?? '' },
        { header: 'Reached by email', cell: (a) => a.byEmail?.join('; ') ?? '—', csv: (a) => a.byEmail?.join('; ') ?? '' },
      ],
    }),
    h('h2', {}, 'Items not answered'),
    dataTable({
      caption: 'Consultations each agency has not answered',
      exportName: 'non-response-items',
      rows: items,
      empty: 'Nothing outstanding.',
      columns: [
        { header: 'Agency', cell: (i) => i.agencyName, rowHeader: true },
        { header: 'Ref', cell: (i) => i.ref, className: 'nowrap' },
        { header: 'Title', cell: (i) => i.title },
        { header: 'Body', cell: (i) => i.bodyName },
        { header: 'Deadline', cell: (i) => londonTime(i.deadline), csv: (i) => i.deadline },
        { header: 'Status', cell: (i) => (i.status === 'open' ? h('span', { class: 'chip neutral' }, 'Open') : h('span', { class: 'chip warn' }, 'Closed')), csv: (i) => i.status },
        { header: 'Days overdue', cell: (i) => i.daysOverdue, numeric: true },
        { header: 'Last reminder', cell: (i) => (i.lastReminder ? londonTime(i.lastReminder) : '—'), csv: (i) => i.lastReminder ?? '' },
      ],
    }),
  );
}
