import { h, uid } from './dom.js';

export interface Column<T> {
  header: string;
  /** What the cell shows. */
  cell: (row: T) => Node | string | number;
  /** What the CSV holds; defaults to the cell's text. */
  csv?: (row: T) => string | number;
  numeric?: boolean;
  /** The row's header cell (th scope=row). */
  rowHeader?: boolean;
  className?: string;
  /** Left out of the CSV (e.g. a column of buttons). */
  noCsv?: boolean;
}

export interface TableOptions<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  /** File name of the CSV export, without extension. */
  exportName: string;
  empty?: string;
  /** Extra attributes per row (e.g. data- hooks). */
  rowAttrs?: (row: T) => Record<string, string>;
  /** Shown under the caption. */
  note?: string;
}

/** Quotes a CSV field (RFC 4180) and defuses spreadsheet formulas in free text. */
export function csvField(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(headers: string[], rows: (string | number)[][]): string {
  return [headers, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Saves text as a file through the browser's download. */
export function download(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type }));
  const a = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const textOf = (v: Node | string | number) => (v instanceof Node ? (v.textContent ?? '').replace(/\s+/g, ' ').trim() : String(v));

export function exportButton(label: string, onClick: () => void): HTMLElement {
  return h(
    'fluent-button',
    { appearance: 'outline', class: 'export', 'aria-label': `Export CSV: ${label}`, onclick: onClick },
    h('span', { 'aria-hidden': 'true', class: 'icon' }, '⤓'),
    ' Export CSV',
  );
}

export function tableCsv<T>(opts: Pick<TableOptions<T>, 'columns' | 'rows'>): string {
  const columns = opts.columns.filter((c) => !c.noCsv);
  return toCsv(
    columns.map((c) => c.header),
    opts.rows.map((r) => columns.map((c) => (c.csv ? c.csv(r) : textOf(c.cell(r))))),
  );
}

/** An accessible table (caption, scoped headers) in a scrollable card, with its CSV export. */
export function dataTable<T>(opts: TableOptions<T>): HTMLElement {
  const captionId = uid('caption');
  const table = h(
    'table',
    { class: 'data' },
    h('caption', { id: captionId }, opts.caption, opts.note ? h('span', { class: 'caption-note' }, opts.note) : null),
    h('thead', {}, h('tr', {}, ...opts.columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, c.header)))),
    h(
      'tbody',
      {},
      ...opts.rows.map((row) =>
        h(
          'tr',
          opts.rowAttrs?.(row) ?? {},
          ...opts.columns.map((c) => {
            const cls = [c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() || undefined;
            return c.rowHeader ? h('th', { scope: 'row', class: cls }, c.cell(row)) : h('td', { class: cls }, c.cell(row));
          }),
        ),
      ),
      opts.rows.length === 0 ? h('tr', {}, h('td', { colspan: opts.columns.length, class: 'empty' }, opts.empty ?? 'Nothing to show.')) : null,
    ),
  );
  return tableCard(opts.caption, table, () => download(`${opts.exportName}.csv`, tableCsv(opts)), captionId);
}

/** A table in a card with a toolbar holding its CSV export. */
export function tableCard(label: string, table: HTMLElement, onExport: () => void, captionId?: string): HTMLElement {
  return h(
    'div',
    { class: 'table-card' },
    h('div', { class: 'table-toolbar' }, exportButton(label, onExport)),
    h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-labelledby': captionId, 'aria-label': captionId ? undefined : label }, table),
  );
}
