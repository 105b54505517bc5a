import type { ActionFilters, ActionRow, ActionsView, Rag } from '../../services/domain/dashboard-views.js';
import { SOURCE_LABEL, STATUS_LABEL } from '../../cards/action/words.js';
import { truncate } from '../../cards/text.js';
import { h, svg, uid } from './dom.js';
import { dataTable } from './table.js';
import { emptyState, select } from './widgets.js';

const RAGS: Rag[] = ['red', 'amber', 'green', 'complete'];
const RAG_TEXT: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green', complete: 'Complete' };
const RAG_MEANING: Record<Rag, string> = { red: 'off track', amber: 'at risk', green: 'on track', complete: 'done' };

export function ragChip(rag: Rag): HTMLElement {
  return h('span', { class: `chip rag-${rag}` }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), RAG_TEXT[rag]);
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
/** "4 Dec 2026" for a due date; an action without one is ongoing. */
const dueText = (r: ActionRow) => (r.due ? dayFormat.format(new Date(`${r.due}T00:00:00Z`)) : 'Ongoing');
const sourceText = (id: string) => SOURCE_LABEL[id as keyof typeof SOURCE_LABEL] ?? id;

/**
 * The actions view. The list comes a page at a time (the server pages it: a register of thousands
 * would be a megabyte); "Show more" asks `more` for the next page and adds it to the table.
 */
export function renderActions(
  view: ActionsView,
  panel: HTMLElement,
  refilter: (filters: ActionFilters) => void,
  more: (offset: number) => Promise<ActionsView>,
): void {
  if (!view.hasData) {
    panel.replaceChildren(emptyState('No data yet', 'Actions from meetings, the business plan, work plans and reviews appear here once they are recorded in Quorum.'));
    return;
  }
  const f = view.applied;
  const set = (key: keyof ActionFilters) => (value: string) => refilter({ ...f, [key]: value || undefined });
  const filters = h(
    'div',
    { class: 'filters', role: 'group', 'aria-label': 'Filter the actions' },
    select('Body', [['', 'All bodies'], ...view.options.bodies.map((b): [string, string] => [b.id, b.name])], f.body ?? '', set('body'), 'filter-body'),
    select('Lead', [['', 'Anyone'], ...view.options.leads.map((l): [string, string] => [l.id, l.label])], f.lead ?? '', set('lead'), 'filter-lead'),
    select('Source', [['', 'Any source'], ...view.options.sources.map((s): [string, string] => [s.id, sourceText(s.id)])], f.source ?? '', set('source'), 'filter-source'),
    select('Status', [['', 'Any status'], ...view.options.statuses.map((s): [string, string] => [s.id, STATUS_LABEL[s.id]])], f.status ?? '', set('status'), 'filter-status'),
    Object.keys(f).length ? h('fluent-button', { appearance: 'stealth', onclick: () => refilter({}) }, 'Clear filters') : null,
  );
  const columns = [
    { header: 'Ref', cell: (r: ActionRow) => r.ref, rowHeader: true, className: 'nowrap' },
    { header: 'Action', cell: (r: ActionRow) => h('span', {}, r.title, r.confidential ? h('span', { class: 'chip neutral confidential' }, 'Confidential') : null), csv: (r: ActionRow) => r.title },
    { header: 'Body', cell: (r: ActionRow) => r.bodyName },
    { header: 'Lead', cell: (r: ActionRow) => r.lead },
    { header: 'Source', cell: (r: ActionRow) => sourceText(r.source) },
    { header: 'Due', cell: dueText, csv: (r: ActionRow) => r.due ?? dueText(r), className: 'nowrap' },
    { header: 'RAG', cell: (r: ActionRow) => ragChip(r.rag), csv: (r: ActionRow) => r.rag },
    { header: 'Status', cell: (r: ActionRow) => STATUS_LABEL[r.status] },
  ];
  const rows = [...view.actions];
  let nextOffset = view.nextOffset;
  const all = h('div', { class: 'actions-all' });
  const showMore = async () => {
    if (nextOffset === undefined) return;
    try {
      const page = await more(nextOffset);
      rows.push(...page.actions);
      nextOffset = page.nextOffset;
    } finally {
      renderAll();
    }
  };
  const renderAll = () => {
    const loadMore = h(
      'fluent-button',
      {
        appearance: 'outline',
        class: 'load-more',
        onclick: () => {
          loadMore.setAttribute('disabled', '');
          void showMore();
        },
      },
      `Show ${Math.min(view.pageSize, view.total - rows.length)} more`,
    );
    const table = dataTable({
      caption: `Actions (${view.total})`,
      note: rows.length < view.total ? `showing ${rows.length}; the CSV holds those shown` : undefined,
      exportName: 'actions',
      rows,
      empty: 'No actions match.',
      columns,
    });
    if (nextOffset !== undefined) all.replaceChildren(table, loadMore);
    else all.replaceChildren(table);
  };
  renderAll();
  panel.replaceChildren(
    filters,
    h('h2', {}, 'RAG status by body'),
    ragChart(view),
    h('h2', {}, 'Overdue'),
    dataTable({
      caption: `Overdue actions (${view.overdueTotal})`,
      note: view.overdue.length < view.overdueTotal ? `the ${view.overdue.length} most overdue; all are in the list below` : undefined,
      exportName: 'overdue-actions',
      rows: view.overdue,
      empty: 'Nothing is overdue.',
      columns: [...columns.slice(0, 6), { header: 'Days overdue', cell: (r: ActionRow) => r.daysOverdue, numeric: true }, columns[6]!],
    }),
    h('h2', {}, 'All actions'),
    all,
  );
}

/** Stacked bars of RAG counts per body, as SVG; the same numbers as text (title, desc) and as a table. */
function ragChart(view: ActionsView): HTMLElement {
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  const rows = view.byBody;
  const max = Math.max(1, ...rows.map((r) => RAGS.reduce((n, k) => n + r.counts[k], 0)));
  const labelWidth = 260;
  const barWidth = 520;
  const rowHeight = 34;
  const height = rows.length * rowHeight + 8;
  const description = rows
    .map((r) => `${r.body.name}: ${RAGS.map((k) => `${r.counts[k]} ${RAG_TEXT[k].toLowerCase()}`).join(', ')}`)
    .join('. ');
  const chart = svg(
    'svg',
    { class: 'chart', role: 'img', 'aria-labelledby': `${titleId} ${descId}`, viewBox: `0 0 ${labelWidth + barWidth + 60} ${height}`, width: '100%' },
    svg('title', { id: titleId }, 'Actions by RAG status for each body'),
    svg('desc', { id: descId }, description || 'No actions.'),
    ...rows.flatMap((r, i) => {
      const y = i * rowHeight + 4;
      let x = labelWidth;
      const total = RAGS.reduce((n, k) => n + r.counts[k], 0);
      const segments = RAGS.filter((k) => r.counts[k] > 0).map((k) => {
        const w = (r.counts[k] / max) * barWidth;
        const seg = svg(
          'g',
          {},
          svg('rect', { x, y, width: Math.max(w, 1), height: rowHeight - 10, class: `bar rag-${k}`, rx: 2 }),
          w > 26 ? svg('text', { x: x + w / 2, y: y + (rowHeight - 10) / 2 + 4, class: `bar-label on-${k}`, 'text-anchor': 'middle' }, String(r.counts[k])) : null,
        );
        x += w;
        return seg;
      });
      return [
        svg('text', { x: labelWidth - 10, y: y + (rowHeight - 10) / 2 + 4, 'text-anchor': 'end', class: 'axis-label' }, truncate(r.body.name, 34)),
        ...segments,
        svg('text', { x: x + 6, y: y + (rowHeight - 10) / 2 + 4, class: 'axis-label total' }, String(total)),
      ];
    }),
  );
  const tableId = uid('chart-table');
  return h(
    'figure',
    { class: 'chart-card', 'aria-labelledby': `${tableId}-cap` },
    h('figcaption', { id: `${tableId}-cap` }, 'Actions by RAG status for each body'),
    rows.length ? chart : emptyState('No actions match.'),
    h('ul', { class: 'legend', 'aria-hidden': 'true' }, ...RAGS.map((k) => h('li', {}, ragChip(k), ` ${RAG_MEANING[k]}`))),
    h(
      'table',
      { class: 'visually-hidden', id: tableId },
      h('caption', {}, 'The chart as a table: actions by RAG status for each body'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Body'), ...RAGS.map((k) => h('th', { scope: 'col' }, RAG_TEXT[k])))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.body.name), ...RAGS.map((k) => h('td', {}, String(r.counts[k])))))),
    ),
  );
}

