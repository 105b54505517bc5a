/**
 * A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; records
 * end at CRLF or LF. Rows pasted from a spreadsheet arrive tab-separated, so the delimiter is taken
 * from the header line when not given. Every record keeps the line it starts on, for the problems.
 * Problems are codes with their facts; cards/action/problems.ts words them.
 */

export interface CsvRecord {
  /** 1-based line of the input the record starts on. */
  line: number;
  fields: string[];
}

/** How a record is malformed: a quote inside an unquoted field, text after a closing quote, a quote never closed. */
export type CsvSyntaxProblem = 'quote-inside' | 'text-after-quote' | 'unclosed-quote';

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly problem: CsvSyntaxProblem,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'CsvSyntaxError';
  }
}

export function detectDelimiter(text: string): ',' | '\t' {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
}

/** Parses the whole text; throws a CsvSyntaxError naming the line of the first malformed record. Blank lines are skipped. */
export function parseCsv(input: string, delimiter: ',' | '\t' = detectDelimiter(input)): CsvRecord[] {
  const text = (input.startsWith('\uFEFF') ? input.slice(1) : input).replace(/\r\n?/g, '\n');
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  /** The current field was quoted and its closing quote has been read. */
  let closed = false;
  /** Anything has been read for the current record (so a lone empty field still counts). */
  let started = false;

  const endField = () => {
    fields.push(closed ? field : field.trim());
    field = '';
    closed = false;
  };
  const endRecord = () => {
    endField();
    if (started && !(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    started = false;
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          closed = true;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (field.trim() !== '' || closed) throw new CsvSyntaxError(line, 'quote-inside');
      field = '';
      quoted = true;
      quoteLine = line;
      started = true;
      continue;
    }
    if (ch === delimiter) {
      started = true;
      endField();
      continue;
    }
    if (ch === '\n') {
      endRecord();
      line++;
      recordLine = line;
      continue;
    }
    if (closed) {
      if (ch.trim() === '') continue;
      throw new CsvSyntaxError(line, 'text-after-quote');
    }
    if (!started && ch.trim() === '' && field === '') {
      field += ch;
      continue;
    }
    started = true;
    field += ch;
  }
  if (quoted) throw new CsvSyntaxError(quoteLine, 'unclosed-quote');
  endRecord();
  return records;
}

/** Lower-case letters and digits only: "When?" and "when" and "WHEN" are one column. */
export const normaliseHeader = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

export interface CsvTable<K extends string> {
  /** The column index of each known column found in the header. */
  columns: Partial<Record<K, number>>;
  /** Header cells that matched no known column; they are ignored. */
  ignored: string[];
  rows: CsvRecord[];
}

/**
 * Reads the header line against known columns (each with its accepted names) and returns the data
 * rows. Problems are returned with line numbers rather than thrown, so a caller can list all of them.
 */
export function readTable<K extends string>(
  input: string,
  known: Record<K, readonly string[]>,
  required: readonly K[],
): { table?: CsvTable<K>; errors: LineProblem[] } {
  let records: CsvRecord[];
  try {
    records = parseCsv(input);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { errors: [{ line: err.line, code: 'csv.syntax', problem: err.problem }] };
    throw err;
  }
  const [header, ...rows] = records;
  if (!header) return { errors: [{ line: 1, code: 'csv.empty' }] };
  const columns: Partial<Record<K, number>> = {};
  const ignored: string[] = [];
  const errors: LineProblem[] = [];
  header.fields.forEach((cell, index) => {
    const name = normaliseHeader(cell);
    const key = (Object.keys(known) as K[]).find((k) => known[k].includes(name));
    if (!key) {
      if (cell.trim()) ignored.push(cell.trim());
      return;
    }
    if (columns[key] !== undefined) errors.push({ line: header.line, code: 'csv.same-column', first: header.fields[columns[key]] ?? '', second: cell });
    else columns[key] = index;
  });
  for (const key of required) {
    if (columns[key] === undefined) {
      errors.push({ line: header.line, code: 'csv.no-column', names: known[key] });
    }
  }
  if (errors.length === 0 && rows.length === 0) errors.push({ line: header.line + 1, code: 'csv.no-rows' });
  for (const row of rows) {
    if (row.fields.length > header.fields.length) {
      errors.push({ line: row.line, code: 'csv.too-many-fields', fields: row.fields.length, header: header.fields.length });
    }
  }
  return errors.length ? { errors } : { table: { columns, ignored, rows }, errors };
}

/** A problem of the pasted text itself (its CSV, its header), on a line. */
export type CsvProblem =
  | { code: 'csv.syntax'; problem: CsvSyntaxProblem }
  | { code: 'csv.empty' }
  | { code: 'csv.same-column'; first: string; second: string }
  /** `names`: the names the header may give the column, the usual one first. */
  | { code: 'csv.no-column'; names: readonly string[] }
  | { code: 'csv.no-rows' }
  | { code: 'csv.too-many-fields'; fields: number; header: number };

export type LineProblem<P extends { code: string } = CsvProblem> = P & { line: number };

export const cell = <K extends string>(table: CsvTable<K>, row: CsvRecord, key: K): string => {
  const index = table.columns[key];
  return index === undefined ? '' : (row.fields[index] ?? '').trim();
};
