/** The five sheets as one CSV file of five sections, and back. */
import { CsvSyntaxError, normaliseHeader, parseCsv } from '../csv.js';
import type { MembershipProblem } from '../membership-problems.js';
import { SHEET_LIMITS, SHEET_NAMES, type SheetName, type Table } from './columns.js';
import { tooManyRows } from './read-support.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as written to CSV: one that a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvSafe(value: string): string {
  return FORMULA_START.test(value) || /^'[=+\-@\t\r']/.test(value) ? `'${value}` : value;
}

/** The inverse of csvSafe: the apostrophe is dropped only where csvSafe would have added it. */
export function csvUnsafe(value: string): string {
  return /^'[=+\-@\t\r']/.test(value) ? value.slice(1) : value;
}

function csvField(value: string): string {
  const safe = csvSafe(value);
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The five sheets as one CSV file: each section a line "# Name", its header and rows, a blank line between. UTF-8 BOM first for Excel. */
export function toCsv(tables: Table[]): string {
  return (
    '\uFEFF' +
    tables.map((t) => [`# ${t.name}`, ...t.rows.map((row) => row.map(csvField).join(','))].join('\r\n')).join('\r\n\r\n') +
    '\r\n'
  );
}

/** Reads a CSV file of sections. Problems name the section as the sheet and the file's line as the row. */
export function fromCsv(input: string): { tables: Table[]; problems: MembershipProblem[] } {
  const problems: MembershipProblem[] = [];
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  if (text.length > SHEET_LIMITS.csvBytes) {
    return { tables: [], problems: [{ field: 'File', code: 'sheet.csv-too-large', limitBytes: SHEET_LIMITS.csvBytes }] };
  }
  let records;
  try {
    records = parseCsv(text, ',');
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    const before = text.split('\n').slice(0, err.line);
    const section = [...before].reverse().find((l) => /^#/.test(l.trim()));
    const name = section ? sheetNamed(section.trim().slice(1)) : undefined;
    return { tables: [], problems: [{ field: name ?? 'File', row: err.line, code: 'sheet.csv-syntax', line: err.line, problem: err.problem }] };
  }
  const tables: Table[] = [];
  const counts = new Map<SheetName, number>();
  let current: Table | undefined;
  let outside = false;
  for (const record of records) {
    if (record.fields.every((f) => f === '')) continue;
    const first = record.fields[0] ?? '';
    if (first.startsWith('#') && record.fields.slice(1).every((f) => f === '')) {
      const name = sheetNamed(first.slice(1));
      current = undefined;
      if (!name) {
        problems.push({ field: 'File', row: record.line, code: 'sheet.csv-unknown-section', line: record.line, text: first });
        outside = true;
      } else if (tables.some((t) => t.name === name)) {
        problems.push({ field: name, row: record.line, code: 'sheet.csv-second-section', line: record.line, sheet: name });
        outside = true;
      } else {
        current = { name, rows: [], lines: [] };
        tables.push(current);
        counts.set(name, 0);
      }
      continue;
    }
    if (!current) {
      if (!outside) {
        problems.push({ field: 'File', row: record.line, code: 'sheet.csv-outside-section', line: record.line });
      }
      outside = true;
      continue;
    }
    const count = counts.get(current.name)! + 1;
    counts.set(current.name, count);
    if (count > SHEET_LIMITS.rowsPerSheet + 1) continue;
    if (record.fields.length > SHEET_LIMITS.columns) {
      problems.push({ field: current.name, row: record.line, code: 'sheet.csv-too-many-fields', line: record.line, fields: record.fields.length, limit: SHEET_LIMITS.columns });
      continue;
    }
    current.rows.push(record.fields.map(csvUnsafe));
    current.lines!.push(record.line);
  }
  const fits = (t: Table) => counts.get(t.name)! - 1 <= SHEET_LIMITS.rowsPerSheet;
  for (const t of tables) if (!fits(t)) problems.push({ field: t.name, row: t.lines![0], ...tooManyRows(t.name, counts.get(t.name)! - 1) });
  return { tables: tables.filter(fits), problems };
}

function sheetNamed(text: string): SheetName | undefined {
  const key = normaliseHeader(text);
  return SHEET_NAMES.find((n) => normaliseHeader(n) === key);
}
