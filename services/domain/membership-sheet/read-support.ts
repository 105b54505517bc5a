/** Tables → partnership: what every sheet's reader shares (where each field came from, the problems so far, cell readers). */
import { normaliseHeader } from '../csv.js';
import type { MembershipProblem } from '../membership-problems.js';
import { ALIASES, COLUMNS, REQUIRED, SHEET_LIMITS, type Column, type SheetName, type Table } from './columns.js';

/** A cell (or a row, without a column) of a sheet, as the user sees it. */
export interface Loc {
  sheet: SheetName;
  row: number;
  column?: string;
}

export interface SheetRow<S extends SheetName> {
  row: number;
  get(column: Column<S>): string;
}

export type Raw = Record<string, unknown>;

export const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:]+$/;

/** Lower case, spaces and underscores as hyphens: "Sub group" and "sub-group" are one kind. */
export const choice = (s: string) => s.trim().toLowerCase().replace(/[\s_]+/g, '-');


/**
 * The problems found so far and where each field of the draft came from, so the rule check's
 * problems can name a sheet, row and column; a cell already blamed is not blamed twice.
 */
export class SheetReader {
  readonly problems: MembershipProblem[] = [];
  readonly locs = new Map<string, Loc>();
  private readonly blamed = new Set<string>();

  complain(l: Loc, message: string): void {
    this.problems.push({ field: l.sheet, row: l.row, ...(l.column ? { column: l.column } : {}), message });
    this.blamed.add(cellKey(l));
  }

  isBlamed(l: Loc): boolean {
    return this.blamed.has(cellKey(l));
  }

  /** Registers the row of the record at `at`, and the column of each of its fields. */
  place<S extends SheetName>(at: string, sheet: S, row: number, fields: readonly (readonly [string, Column<S>])[]): void {
    this.locs.set(at, { sheet, row });
    for (const [key, column] of fields) this.locs.set(`${at}.${key}`, { sheet, row, column });
  }

  flag(l: Loc, value: string): boolean | undefined {
    const v = value.toLowerCase();
    if (v === '') return undefined;
    if (['yes', 'y', 'true'].includes(v)) return true;
    if (['no', 'n', 'false'].includes(v)) return false;
    this.complain(l, `"${value}" is not yes or no`);
    return undefined;
  }

  whole(l: Loc, value: string): number | string | undefined {
    if (value === '') return undefined;
    if (/^\d{1,9}$/.test(value)) return Number(value);
    this.complain(l, `"${value}" is not a whole number`);
    return value;
  }
}

const cellKey = (l: Loc) => `${l.sheet}|${l.row}|${l.column ?? ''}`;

export function readSheet(table: Table, name: SheetName, problems: MembershipProblem[]): { rows: SheetRow<SheetName>[]; headerRow: number } | undefined {
  const numbered = table.rows.map((cells, i) => ({ row: table.lines?.[i] ?? i + 1, cells: cells.map((c) => (c ?? '').trim()) }));
  const nonBlank = numbered.filter((r) => r.cells.some((c) => c !== ''));
  const header = nonBlank[0];
  if (!header) {
    problems.push({ field: name, message: `The "${name}" sheet is empty: it starts with a header row (${COLUMNS[name].join(', ')})` });
    return undefined;
  }
  if (nonBlank.length - 1 > SHEET_LIMITS.rowsPerSheet) {
    problems.push({ field: name, message: tooManyRows(name, nonBlank.length - 1) });
    return undefined;
  }
  const index = new Map<string, number>();
  let ok = true;
  header.cells.forEach((cell, i) => {
    const key = normaliseHeader(cell);
    const column = COLUMNS[name].find((c) => normaliseHeader(c) === key || (ALIASES[`${name}.${c}`] ?? []).includes(key));
    if (!column) return;
    if (index.has(column)) {
      problems.push({ field: name, row: header.row, column: cell, message: `Two columns mean "${column}": keep one` });
      ok = false;
    } else index.set(column, i);
  });
  for (const column of REQUIRED[name] as readonly string[]) {
    if (!index.has(column)) {
      problems.push({ field: name, row: header.row, column, message: `Missing column "${column}"` });
      ok = false;
    }
  }
  if (!ok) return undefined;
  const rows = nonBlank.slice(1).map((r) => ({
    row: r.row,
    get: (column: string) => {
      const i = index.get(column);
      return i === undefined ? '' : (r.cells[i] ?? '');
    },
  }));
  return { rows, headerRow: header.row };
}

export const tooManyRows = (sheet: string, rows: number) =>
  `The "${sheet}" sheet has ${rows.toLocaleString('en-GB')} rows below its header; the limit is ${SHEET_LIMITS.rowsPerSheet.toLocaleString('en-GB')} rows a sheet`;

/** Drops keys whose value is undefined or '' so that blank cells read as absent fields. */
export function compact(o: Raw): Raw {
  const out: Raw = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

export function unique(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** The cell a problem's path points at: the longest registered prefix of the path. */
export function locate(path: string, locs: Map<string, Loc>): Loc | undefined {
  for (let p = path; p !== ''; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
    const loc = locs.get(p);
    if (loc) return loc;
    if (!/(\.[^.[\]]+|\[\d+\])$/.test(p)) break;
  }
  return undefined;
}

/** The rule check's message in the sheet's words: rows rather than array indexes. */
export function polish(message: string, loc: Loc, locs: Map<string, Loc>, bodyAt: string | undefined, seatRow: Map<string, number>): string {
  const rowOf = (ref: string) => {
    const target = locs.get(ref);
    if (!target) return ref;
    return target.sheet === loc.sheet ? `row ${target.row}` : `${target.sheet} row ${target.row}`;
  };
  let out = message
    .replace(/\b(?:bodies\[\d+\]\.seats\[\d+\]|bodies\[\d+\]|agencies\[\d+\]|people\[\d+\])(?:\.[A-Za-z]+)*/g, (ref) => rowOf(ref.replace(/(\.[A-Za-z]+)+$/, '')))
    .replace(/\bseats\[(\d+)\]/g, (ref, si: string) => {
      const row = bodyAt === undefined ? undefined : seatRow.get(`bodies[${bodyAt}].seats[${si}]`);
      return row === undefined ? ref : loc.sheet === 'Seats' ? `the seat on row ${row}` : `Seats row ${row}`;
    })
    .replace(/^unknown agency ("[^"]*")$/, 'Unknown agency $1: add it on the Agencies sheet first')
    .replace(/^unknown person ("[^"]*")$/, 'Unknown person $1: add them on the People sheet first')
    .replace(/^unknown body ("[^"]*")$/, 'Unknown body $1: add it on the Bodies sheet first')
    .replace(/^missing \(expected (?:string|number|boolean)\)$/, 'This cell is empty; it is required')
    .replace(/one of ([\w|-]+)/, (_m, list: string) => `one of ${list.split('|').join(', ')}`);
  out = out.replace(/^no chair; (.*)$/, 'No chair: $1 on the Seats sheet');
  return out.charAt(0).toUpperCase() + out.slice(1);
}

