/** Tables → partnership: what every sheet's reader shares (where each field came from, the problems so far, cell readers). */
import { normaliseHeader } from '../csv.js';
import type { MembershipProblem } from '../membership-problems.js';
import { ALIASES, COLUMNS, REQUIRED, SHEET_LIMITS, type Column, type SheetName, type Table } from './columns.js';
import type { SheetProblemFact } from './problems.js';

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

  complain(l: Loc, fact: SheetProblemFact): void {
    this.problems.push({ field: l.sheet, row: l.row, ...(l.column ? { column: l.column } : {}), ...fact });
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
    this.complain(l, { code: 'sheet.not-yes-no', text: value });
    return undefined;
  }

  whole(l: Loc, value: string): number | string | undefined {
    if (value === '') return undefined;
    if (/^\d{1,9}$/.test(value)) return Number(value);
    this.complain(l, { code: 'sheet.not-whole', text: value });
    return value;
  }
}

const cellKey = (l: Loc) => `${l.sheet}|${l.row}|${l.column ?? ''}`;

export function readSheet(table: Table, name: SheetName, problems: MembershipProblem[]): { rows: SheetRow<SheetName>[]; headerRow: number } | undefined {
  const numbered = table.rows.map((cells, i) => ({ row: table.lines?.[i] ?? i + 1, cells: cells.map((c) => (c ?? '').trim()) }));
  const nonBlank = numbered.filter((r) => r.cells.some((c) => c !== ''));
  const header = nonBlank[0];
  if (!header) {
    problems.push({ field: name, code: 'sheet.empty-sheet', sheet: name });
    return undefined;
  }
  if (nonBlank.length - 1 > SHEET_LIMITS.rowsPerSheet) {
    problems.push({ field: name, ...tooManyRows(name, nonBlank.length - 1) });
    return undefined;
  }
  const index = new Map<string, number>();
  let ok = true;
  header.cells.forEach((cell, i) => {
    const key = normaliseHeader(cell);
    const column = COLUMNS[name].find((c) => normaliseHeader(c) === key || (ALIASES[`${name}.${c}`] ?? []).includes(key));
    if (!column) return;
    if (index.has(column)) {
      problems.push({ field: name, row: header.row, column: cell, code: 'sheet.same-column', means: column });
      ok = false;
    } else index.set(column, i);
  });
  for (const column of REQUIRED[name] as readonly string[]) {
    if (!index.has(column)) {
      problems.push({ field: name, row: header.row, column, code: 'sheet.missing-column', header: column });
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

export const tooManyRows = (sheet: string, rows: number): SheetProblemFact => ({ code: 'sheet.too-many-rows', sheet, rows, limit: SHEET_LIMITS.rowsPerSheet });

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
