/**
 * A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; records
 * end at CRLF or LF. Rows pasted from a spreadsheet arrive tab-separated, so the delimiter is taken
 * from the header line when not given. Every record keeps the line it starts on, for error messages.
 */

export interface CsvRecord {
  /** 1-based line of the input the record starts on. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
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
      if (field.trim() !== '' || closed) throw new CsvSyntaxError(line, 'a quote in the middle of a field; put the whole field in quotes and double any quote inside it ("").');
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
      throw new CsvSyntaxError(line, 'text after a closing quote; a quoted field must end at a comma or the end of the line.');
    }
    if (!started && ch.trim() === '' && field === '') {
      field += ch;
      continue;
    }
    started = true;
    field += ch;
  }
  if (quoted) throw new CsvSyntaxError(quoteLine, 'a quote is opened here and never closed.');
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
): { table?: CsvTable<K>; errors: LineError[] } {
  let records: CsvRecord[];
  try {
    records = parseCsv(input);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { errors: [{ line: err.line, message: err.problem }] };
    throw err;
  }
  const [header, ...rows] = records;
  if (!header) return { errors: [{ line: 1, message: 'the text is empty: paste a header line and at least one row.' }] };
  const columns: Partial<Record<K, number>> = {};
  const ignored: string[] = [];
  const errors: LineError[] = [];
  header.fields.forEach((cell, index) => {
    const name = normaliseHeader(cell);
    const key = (Object.keys(known) as K[]).find((k) => known[k].includes(name));
    if (!key) {
      if (cell.trim()) ignored.push(cell.trim());
      return;
    }
    if (columns[key] !== undefined) errors.push({ line: header.line, message: `two columns mean the same thing: "${header.fields[columns[key]]}" and "${cell}".` });
    else columns[key] = index;
  });
  for (const key of required) {
    if (columns[key] === undefined) {
      errors.push({ line: header.line, message: `no "${known[key][0]}" column (the header may call it ${known[key].map((n) => `"${n}"`).join(', ')}).` });
    }
  }
  if (errors.length === 0 && rows.length === 0) errors.push({ line: header.line + 1, message: 'there are no rows under the header.' });
  for (const row of rows) {
    if (row.fields.length > header.fields.length) {
      errors.push({ line: row.line, message: `${row.fields.length} fields, but the header has ${header.fields.length}; put a field holding commas in quotes.` });
    }
  }
  return errors.length ? { errors } : { table: { columns, ignored, rows }, errors };
}

export interface LineError {
  line: number;
  message: string;
}

export const cell = <K extends string>(table: CsvTable<K>, row: CsvRecord, key: K): string => {
  const index = table.columns[key];
  return index === undefined ? '' : (row.fields[index] ?? '').trim();
};

export const formatLineErrors = (errors: LineError[], limit = 20): string[] => [
  ...errors.slice(0, limit).map((e) => `Line ${e.line}: ${e.message}`),
  ...(errors.length > limit ? [`… and ${errors.length - limit} more.`] : []),
];
