/**
 * The membership workbook (XLSX) to and from tables of text, with exceljs. A workbook from a user is
 * untrusted: its zip directory is read here first, so that an oversized, over-packed or lying file
 * is refused before exceljs inflates anything, and every sheet's rows and cells are counted before
 * exceljs builds them in memory.
 */
import type ExcelJS from 'exceljs';
import { inflateRawSync } from 'node:zlib';
import type { MembershipProblem } from '../../services/domain/membership-problems.js';
import { SHEET_LIMITS, SHEET_NAMES, tooManyRows, type Table } from '../../services/domain/membership-sheet.js';
import type { SheetProblemFact, WorkbookProblem } from '../../services/domain/membership-sheet/problems.js';
import { isReturnsSheet, RETURNS_SHEET_NAMES, type ReturnsTable } from '../../services/domain/membership-sheet/returns-sheets.js';

export const XLSX_LIMITS = {
  bytes: 5 * 1024 * 1024,
  /** Everything in the zip, inflated. A 5,000-row membership sheet is a few megabytes. */
  uncompressedBytes: 32 * 1024 * 1024,
  entries: 200,
  rowsPerSheet: SHEET_LIMITS.rowsPerSheet,
  columns: SHEET_LIMITS.columns,
} as const;

const NUMERIC_COLUMNS = new Set(['Meetings a year', 'Notice working days', 'Papers working days', 'Report due working days']);

const notXlsx = (why?: Extract<WorkbookProblem, { code: 'sheet.xlsx-not-workbook' }>['why']): WorkbookProblem => ({ code: 'sheet.xlsx-not-workbook', ...(why ? { why } : {}) });

/** exceljs takes seconds to import: loaded on the first workbook, not on every start. */
let excel: typeof ExcelJS | undefined;
async function exceljs(): Promise<typeof ExcelJS> {
  excel ??= (await import('exceljs')).default;
  return excel;
}

const fileProblem = (fact: SheetProblemFact): { tables: Table[]; returnsTables: ReturnsTable[]; problems: MembershipProblem[] } => ({ tables: [], returnsTables: [], problems: [{ field: 'File', ...fact }] });

/** The workbook's sheets as tables of the text each cell shows; problems name the sheet, row and column. */
/** `returnsTables` are the returns framework's sheets (#20), when the workbook has them. */
export async function readWorkbook(bytes: Uint8Array): Promise<{ tables: Table[]; returnsTables: ReturnsTable[]; problems: MembershipProblem[] }> {
  if (bytes.length > XLSX_LIMITS.bytes) return fileProblem({ code: 'sheet.xlsx-too-large', limitBytes: XLSX_LIMITS.bytes });
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const checked = checkZip(data);
  if (checked !== true) return fileProblem(checked);

  const workbook = new (await exceljs()).Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch {
    return fileProblem(notXlsx('unreadable'));
  }

  if (workbook.worksheets.length === 0) return fileProblem(notXlsx('no-sheets'));
  const tables: Table[] = [];
  const returnsTables: ReturnsTable[] = [];
  const problems: MembershipProblem[] = [];
  for (const sheet of workbook.worksheets) {
    const name = [...SHEET_NAMES, ...RETURNS_SHEET_NAMES].find((n) => n.toLowerCase() === sheet.name.trim().toLowerCase());
    const rows: string[][] = [];
    let headers: string[] = [];
    let tooWide = false;
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (col > XLSX_LIMITS.columns) {
          tooWide = true;
          return;
        }
        const formula = formulaOf(cell);
        if (formula !== undefined) {
          problems.push({
            field: name ?? sheet.name,
            row: rowNumber,
            column: headers[col - 1] || columnLetter(col),
            code: 'sheet.formula',
            formula,
          });
          return;
        }
        cells[col - 1] = cellText(cell);
      });
      const filled = Array.from(cells, (c) => c ?? '');
      if (headers.length === 0 && filled.some((c) => c.trim() !== '')) headers = filled.map((c) => c.trim());
      rows[rowNumber - 1] = filled;
    });
    if (tooWide) {
      problems.push({ field: name ?? sheet.name, code: 'sheet.too-wide', sheet: sheet.name, limit: XLSX_LIMITS.columns });
      continue;
    }
    if (!name) continue;
    const data = Array.from(rows, (r) => r ?? []);
    const filledRows = data.filter((r) => r.some((c) => c.trim() !== '')).length;
    if (filledRows - 1 > XLSX_LIMITS.rowsPerSheet) {
      problems.push({ field: name, ...tooManyRows(name, filledRows - 1) });
      continue;
    }
    if (isReturnsSheet(name)) returnsTables.push({ name, rows: data });
    else tables.push({ name, rows: data });
  }
  return { tables, returnsTables, problems };
}

/** The tables as a workbook: one sheet each, the header bold and frozen, columns wide enough to read. */
export async function writeWorkbook(tables: (Table | ReturnsTable)[], options: { date?: Date } = {}): Promise<Uint8Array> {
  const workbook = new (await exceljs()).Workbook();
  workbook.creator = 'Quorum';
  if (options.date) {
    workbook.created = options.date;
    workbook.modified = options.date;
  }
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = table.rows[0] ?? [];
    for (const row of table.rows) {
      sheet.addRow(
        row.map((value, i) => (NUMERIC_COLUMNS.has(header[i] ?? '') && /^(0|[1-9]\d{0,8})$/.test(value) ? Number(value) : value)),
      );
    }
    sheet.getRow(1).font = { bold: true };
    const width = Math.max(header.length, ...table.rows.map((r) => r.length));
    for (let c = 1; c <= width; c++) {
      const longest = Math.max(...table.rows.map((r) => Math.max(...(r[c - 1] ?? '').split('\n').map((l) => l.length))));
      sheet.getColumn(c).width = Math.min(60, Math.max(8, longest + 2));
    }
    if (width > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: width } };
  }
  const out = new Uint8Array(await workbook.xlsx.writeBuffer());
  if (options.date) stampZip(out, options.date);
  return out;
}

function formulaOf(cell: ExcelJS.Cell): string | undefined {
  const v = cell.value as unknown;
  if (cell.type === excel!.ValueType.Formula) return cell.formula || '…';
  if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
    const f = (v as { formula?: string; sharedFormula?: string }).formula ?? (v as { sharedFormula?: string }).sharedFormula;
    return f || '…';
  }
  return undefined;
}

/** What the cell shows, near enough: numbers and dates as text, rich text and links as their text. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v, cell.numFmt);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v, cell.numFmt);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('hyperlink' in v) {
    const t = (v as { text?: unknown }).text;
    if (typeof t === 'string') return t;
    if (t && typeof t === 'object' && 'richText' in t) return (t as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    return v.hyperlink.replace(/^mailto:/i, '');
  }
  if ('error' in v) return String(v.error);
  return '';
}

function numberText(n: number, numFmt: string | undefined): string {
  const fmt = numFmt ?? '';
  if (fmt.includes('%')) return `${Number((n * 100).toPrecision(12))}%`;
  const decimals = /0\.(0+)(?![^"]*")/.exec(fmt)?.[1]?.length;
  if (decimals !== undefined) return n.toFixed(decimals);
  return String(Number(n.toPrecision(15)));
}

function dateText(d: Date, numFmt: string | undefined): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const [y, m, day] = [d.getUTCFullYear(), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())];
  const dmy = /^d{1,2}([/.\- ])m{1,2}\1y{2,4}$/i.exec(numFmt ?? '');
  const date = dmy ? `${day}${dmy[1]}${m}${dmy[1]}${y}` : `${y}-${m}-${day}`;
  const time = d.getUTCHours() + d.getUTCMinutes() + d.getUTCSeconds() === 0 ? '' : ` ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return date + time;
}

function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// ---------------------------------------------------------------------------------------------
// The zip, read by hand before exceljs sees it

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  centralOffset: number;
}

const SIG = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50 } as const;

/** The zip's central directory, or why the file is refused. Reads the directory only: nothing is inflated. */
export function zipDirectory(data: Buffer): ZipEntry[] | WorkbookProblem {
  if (data.length >= 4 && data.readUInt32BE(0) === 0xd0cf11e0) {
    return { code: 'sheet.xlsx-old-format' };
  }
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return { code: 'sheet.xlsx-pdf' };
  if (data.length < 22 || data.readUInt32LE(0) !== SIG.local) {
    return looksLikeText(data) ? { code: 'sheet.xlsx-text' } : notXlsx();
  }
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === SIG.end) {
      end = i;
      break;
    }
  }
  if (end < 0) return notXlsx('no-directory');
  const count = data.readUInt16LE(end + 10);
  const size = data.readUInt32LE(end + 12);
  const offset = data.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) return { code: 'sheet.xlsx-zip64' };
  if (count > XLSX_LIMITS.entries) return { code: 'sheet.xlsx-too-many-parts', parts: count, limit: XLSX_LIMITS.entries };
  if (offset + size > end) return notXlsx('directory-damaged');

  const entries: ZipEntry[] = [];
  let total = 0;
  for (let p = offset, i = 0; i < count; i++) {
    if (p + 46 > end || data.readUInt32LE(p) !== SIG.central) return notXlsx('directory-damaged');
    const nameLength = data.readUInt16LE(p + 28);
    const entry: ZipEntry = {
      flags: data.readUInt16LE(p + 8),
      method: data.readUInt16LE(p + 10),
      compressedSize: data.readUInt32LE(p + 20),
      size: data.readUInt32LE(p + 24),
      localOffset: data.readUInt32LE(p + 42),
      name: data.subarray(p + 46, p + 46 + nameLength).toString('utf8'),
      centralOffset: p,
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) return { code: 'sheet.xlsx-zip64' };
    total += entry.size;
    if (total > XLSX_LIMITS.uncompressedBytes) {
      return { code: 'sheet.xlsx-too-large-unpacked', limitBytes: XLSX_LIMITS.uncompressedBytes };
    }
    entries.push(entry);
    p += 46 + nameLength + data.readUInt16LE(p + 30) + data.readUInt16LE(p + 32);
  }
  return entries;
}

/**
 * Refuses what is not a workbook or is too big, then inflates each part with the size its directory
 * declares as the ceiling, so a part that lies about its size stops there; and counts each sheet's
 * rows and cells before exceljs builds them.
 */
function checkZip(data: Buffer): true | SheetProblemFact {
  const entries = zipDirectory(data);
  if (!Array.isArray(entries)) return entries;
  const names = new Set(entries.map((e) => e.name));
  if (names.has('mimetype') && names.has('content.xml')) return { code: 'sheet.xlsx-ods' };
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) return notXlsx('zip-not-workbook');

  const parts = new Map<string, string>();
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    if (e.flags & 1) return { code: 'sheet.xlsx-encrypted' };
    if (e.localOffset + 30 > data.length || data.readUInt32LE(e.localOffset) !== SIG.local) return notXlsx('entries-damaged');
    const start = e.localOffset + 30 + data.readUInt16LE(e.localOffset + 26) + data.readUInt16LE(e.localOffset + 28);
    const packed = data.subarray(start, start + e.compressedSize);
    if (packed.length !== e.compressedSize) return notXlsx('entries-damaged');
    let content: Buffer;
    try {
      if (e.method === 0) content = packed;
      else if (e.method === 8) content = inflateRawSync(packed, { maxOutputLength: Math.max(1, e.size) });
      else return notXlsx('compression');
    } catch (err) {
      if (err instanceof RangeError) return { code: 'sheet.xlsx-crafted-part' };
      return notXlsx('part-damaged');
    }
    if (content.length !== e.size) return notXlsx('part-size');
    if (/^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|worksheets\/[^/]+\.xml)$/.test(e.name)) parts.set(e.name, content.toString('utf8'));
  }

  const sheetNames = sheetFileNames(parts);
  for (const [file, xml] of parts) {
    if (!file.startsWith('xl/worksheets/')) continue;
    const name = sheetNames.get(file) ?? file.replace(/^.*\//, '');
    const rows = (xml.match(/<(?:\w+:)?row[\s>/]/g) ?? []).length;
    if (rows - 1 > XLSX_LIMITS.rowsPerSheet) return tooManyRows(name, rows - 1);
    const cells = (xml.match(/<(?:\w+:)?c[\s>/]/g) ?? []).length;
    if (cells > (XLSX_LIMITS.rowsPerSheet + 1) * XLSX_LIMITS.columns) {
      return { code: 'sheet.xlsx-too-many-cells', sheet: name, cells, rows: XLSX_LIMITS.rowsPerSheet, columns: XLSX_LIMITS.columns };
    }
  }
  return true;
}

/** Worksheet part → the name on its tab, from the workbook and its relationships. */
function sheetFileNames(parts: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  const targets = new Map<string, string>();
  for (const rel of (parts.get('xl/_rels/workbook.xml.rels') ?? '').match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
    const id = /\bId="([^"]*)"/.exec(rel)?.[1];
    const target = /\bTarget="([^"]*)"/.exec(rel)?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  for (const sheet of (parts.get('xl/workbook.xml') ?? '').match(/<(?:\w+:)?sheet\b[^>]*>/g) ?? []) {
    const name = /\bname="([^"]*)"/.exec(sheet)?.[1];
    const rid = /\br:id="([^"]*)"/.exec(sheet)?.[1] ?? /\b\w+:id="([^"]*)"/.exec(sheet)?.[1];
    const file = rid ? targets.get(rid) : undefined;
    if (name && file) out.set(file, decodeXml(name));
  }
  return out;
}

const decodeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? '');

function looksLikeText(data: Buffer): boolean {
  const head = data.subarray(0, 512);
  if (head.length === 0) return false;
  let printable = 0;
  for (const b of head) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127)) printable++;
  return printable / head.length > 0.95 && !head.includes(0);
}

/** Sets every entry's zip timestamp to one date, so the same tables always give the same bytes. */
function stampZip(out: Uint8Array, date: Date): void {
  const data = Buffer.from(out.buffer, out.byteOffset, out.length);
  const entries = zipDirectory(data);
  if (!Array.isArray(entries)) return;
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  for (const e of entries) {
    data.writeUInt16LE(time, e.centralOffset + 12);
    data.writeUInt16LE(day, e.centralOffset + 14);
    data.writeUInt16LE(time, e.localOffset + 10);
    data.writeUInt16LE(day, e.localOffset + 12);
  }
}

