import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { membershipProblemText, wordProblems } from '../../cards/membership/problems.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { readWorkbook, writeWorkbook, XLSX_LIMITS } from '../../infra/spreadsheet/xlsx.js';
import type { Partnership } from '../../services/domain/directory.js';
import { COLUMNS, partnershipFromTables, tablesFromPartnership, type Table } from '../../services/domain/membership-sheet.js';

let merton: Partnership;
/** The sheet holds the membership; the returns framework (#20) stays in the stored partnership, which an import keeps. */
const membershipOf = (p: Partnership): Partnership => {
  const copy = { ...p };
  delete copy.returns;
  return copy;
};
let lewisham: Partnership;
beforeAll(async () => {
  merton = membershipOf(await readPartnershipFile('partnerships/merton-2015.json'));
  lewisham = await readPartnershipFile('partnerships/lewisham-2019.json');
});

/** A workbook built cell by cell with exceljs, for files Quorum would never write itself. */
async function craft(tables: Table[], change: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const t of tables) wb.addWorksheet(t.name).addRows(t.rows);
  change(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = CRC[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A zip written by hand, each entry deflated, with the uncompressed size it declares (the true one unless given); no CRC for a big entry. */
function zip(entries: { name: string; content: Buffer; declaredSize?: number }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const packed = deflateRawSync(e.content);
    const size = e.declaredSize ?? e.content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    const crc = e.content.length < 1024 * 1024 ? crc32(e.content) : 0;
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const WORKBOOK_PARTS = [
  { name: '[Content_Types].xml', content: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
  { name: 'xl/workbook.xml', content: Buffer.from('<?xml version="1.0"?><workbook/>') },
];

describe('XLSX round trip', () => {
  it('gives back both samples exactly through workbook bytes', async () => {
    for (const sample of [merton, lewisham]) {
      const read = await readWorkbook(await writeWorkbook(tablesFromPartnership(sample)));
      expect(read.problems).toEqual([]);
      const back = partnershipFromTables(read.tables);
      expect(back.problems).toEqual([]);
      expect(back.partnership).toStrictEqual(sample);
    }
  });

  it('reads the committed sample workbooks back to the JSON samples', async () => {
    for (const [file, sample] of [
      ['partnerships/merton-2015.xlsx', merton],
      ['partnerships/lewisham-2019.xlsx', lewisham],
    ] as const) {
      const read = await readWorkbook(readFileSync(file));
      expect(read.problems).toEqual([]);
      expect(partnershipFromTables(read.tables).partnership).toStrictEqual(sample);
    }
  });

  it('writes the header bold and frozen, sensible widths, text that looks like a formula as text, the same bytes for the same date', async () => {
    const tables = tablesFromPartnership({ ...lewisham, name: '=HYPERLINK("http://evil.example","x")' });
    const date = new Date(Date.UTC(2025, 0, 1));
    const bytes = await writeWorkbook(tables, { date });
    expect(Buffer.from(await writeWorkbook(tables, { date })).equals(Buffer.from(bytes))).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Partnership', 'Agencies', 'Bodies', 'People', 'Seats']);
    const seats = wb.getWorksheet('Seats')!;
    expect(seats.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(seats.getRow(1).font?.bold).toBe(true);
    for (let c = 1; c <= COLUMNS.Seats.length; c++) expect(seats.getColumn(c).width).toBeGreaterThanOrEqual(8);
    const name = wb.getWorksheet('Partnership')!.getCell('B3');
    expect(name.type).toBe(ExcelJS.ValueType.String);
    expect(name.value).toBe('=HYPERLINK("http://evil.example","x")');
    expect(wb.getWorksheet('Bodies')!.getCell('J2').value).toBe(8);
  });

  it('reads numbers, dates, links and rich text as the text the cell shows', async () => {
    const tables = tablesFromPartnership(lewisham);
    const bytes = await craft(tables, (wb) => {
      const people = wb.getWorksheet('People')!;
      people.getCell('B2').value = new Date(Date.UTC(2024, 2, 1));
      people.getCell('B2').numFmt = 'dd/mm/yyyy';
      people.getCell('B3').value = 0.5;
      people.getCell('B3').numFmt = '0%';
      people.getCell('C4').value = { text: 'lead@trust.example', hyperlink: 'mailto:lead@trust.example' };
      people.getCell('B5').value = { richText: [{ text: 'Safeguarding ' }, { text: 'Lead', font: { bold: true } }] };
      wb.getWorksheet('Bodies')!.getCell('J2').value = 0.1 + 0.2;
    });
    const read = await readWorkbook(bytes);
    expect(read.problems).toEqual([]);
    const people = read.tables.find((t) => t.name === 'People')!.rows;
    expect([people[1]![1], people[2]![1], people[3]![2], people[4]![1]]).toEqual(['01/03/2024', '50%', 'lead@trust.example', 'Safeguarding Lead']);
    expect(read.tables.find((t) => t.name === 'Bodies')!.rows[1]![9]).toBe('0.3');
  });
});

describe('XLSX bad input: the sheet, row and column, or one sentence', () => {
  it('a formula cell', async () => {
    const bytes = await craft(tablesFromPartnership(merton), (wb) => {
      wb.getWorksheet('Seats')!.getCell('C5').value = { formula: 'UPPER("Chair")', result: 'CHAIR' };
    });
    expect(wordProblems((await readWorkbook(bytes)).problems)).toEqual([
      { field: 'Seats', row: 5, column: 'Title', message: 'This cell holds a formula (=UPPER("Chair")); type the value itself' },
    ]);
  });

  it('a 10,000-row sheet, refused before exceljs reads it', async () => {
    const tables = tablesFromPartnership(merton);
    const seats = tables.find((t) => t.name === 'Seats')!;
    const row = seats.rows[1]!;
    seats.rows = [seats.rows[0]!, ...Array.from({ length: 10_000 }, (_, i) => [row[0]!, `seat-${i}`, ...row.slice(2)])];
    const bytes = await craft(tables, () => {});
    expect(bytes.length).toBeLessThan(XLSX_LIMITS.bytes);
    const started = Date.now();
    expect(wordProblems((await readWorkbook(bytes)).problems)).toEqual([
      { field: 'File', message: 'The "Seats" sheet has 10,000 rows below its header; the limit is 5,000 rows a sheet' },
    ]);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('more than 40 columns', async () => {
    const bytes = await craft(tablesFromPartnership(lewisham), (wb) => {
      wb.getWorksheet('Agencies')!.getCell(2, 45).value = 'stray';
    });
    expect(wordProblems((await readWorkbook(bytes)).problems)).toEqual([{ field: 'Agencies', message: 'The "Agencies" sheet uses more than 40 columns, the limit' }]);
  });

  it('a bad row comes out with its sheet, row and column through the workbook too', async () => {
    const tables = tablesFromPartnership(merton);
    tables.find((t) => t.name === 'Seats')!.rows[11]![COLUMNS.Seats.indexOf('Roles')] = 'P Q';
    const read = await readWorkbook(await writeWorkbook(tables));
    expect(wordProblems(partnershipFromTables(read.tables).problems)).toEqual([
      { field: 'Seats', row: 12, column: 'Roles', message: 'Unknown role code "Q": use P, S, C, V, PO, SA, A or BS' },
    ]);
  });

  it('random bytes, a PDF, a CSV file renamed, an old .xls', async () => {
    const sentence = async (bytes: Uint8Array) => {
      const { problems, tables } = await readWorkbook(bytes);
      expect(tables).toEqual([]);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.field).toBe('File');
      return membershipProblemText(problems[0]!);
    };
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251);
    expect(await sentence(random)).toMatch(/^This file is not an Excel workbook \(\.xlsx\)/);
    expect(await sentence(new Uint8Array(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n')))).toMatch(/^This file is a PDF, not a spreadsheet/);
    expect(await sentence(new Uint8Array(Buffer.from(readFileSync('partnerships/merton-2015.csv'))))).toMatch(/^This file is text \(a CSV file renamed\?\)/);
    expect(await sentence(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]))).toMatch(/Excel 97-2003/);
    expect(await sentence(new Uint8Array(XLSX_LIMITS.bytes + 1))).toMatch(/larger than 5 MB/);
  });

  it('a zip that is not a workbook, and one that looks like one but is not', async () => {
    const notWorkbook = zip([{ name: 'notes.txt', content: Buffer.from('hello') }]);
    expect(wordProblems((await readWorkbook(notWorkbook)).problems)).toEqual([{ field: 'File', message: expect.stringMatching(/^This file is a zip archive but not an Excel workbook/) }]);
    const hollow = zip(WORKBOOK_PARTS);
    expect(wordProblems((await readWorkbook(hollow)).problems)).toEqual([{ field: 'File', message: expect.stringMatching(/^This workbook has no sheets/) }]);
    const broken = zip([...WORKBOOK_PARTS.slice(0, 1), { name: 'xl/workbook.xml', content: Buffer.from('<workbook><sheets><sheet name="x" sheetId="1" r:id="rId1"/>') }]);
    expect(wordProblems((await readWorkbook(broken)).problems)).toEqual([{ field: 'File', message: expect.stringMatching(/^This file is not an Excel workbook|^This workbook has no sheets/) }]);
  });

  it('a zip bomb declaring huge sizes is refused from its directory, without inflating', async () => {
    // The sheet's deflated data is not even valid: inflating it would fail with another message.
    const bomb = zip([...WORKBOOK_PARTS, { name: 'xl/worksheets/sheet1.xml', content: randomBytes(4096), declaredSize: 3_000_000_000 }]);
    const buffer = Buffer.from(bomb);
    const entry = buffer.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length;
    buffer.fill(0xff, entry, entry + 16);
    expect(wordProblems((await readWorkbook(new Uint8Array(buffer))).problems)).toEqual([
      { field: 'File', message: 'This file unpacks to more than 32 MB, far more than a membership workbook; it is refused unopened' },
    ]);
  });

  it('a zip bomb lying about its sizes stops inflating at the declared size', async () => {
    const bomb = zip([...WORKBOOK_PARTS, { name: 'xl/worksheets/sheet1.xml', content: Buffer.alloc(64 * 1024 * 1024), declaredSize: 1000 }]);
    expect(bomb.length).toBeLessThan(XLSX_LIMITS.bytes);
    const started = Date.now();
    expect(wordProblems((await readWorkbook(bomb)).problems)).toEqual([
      { field: 'File', message: 'A part of this file unpacks to more than its declared size (a crafted file); it is refused' },
    ]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('too many parts', async () => {
    const many = zip([...WORKBOOK_PARTS, ...Array.from({ length: XLSX_LIMITS.entries }, (_, i) => ({ name: `xl/media/${i}.bin`, content: Buffer.from('x') }))]);
    expect(wordProblems((await readWorkbook(many)).problems)).toEqual([{ field: 'File', message: expect.stringContaining('the limit is 200') }]);
  });
});
