import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { wordChange } from '../../cards/membership/plan-words.js';
import { wordProblems } from '../../cards/membership/problems.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { membershipFiles } from '../../infra/spreadsheet/membership-files.js';
import type { Partnership } from '../../services/domain/directory.js';
import { planMembership } from '../../services/domain/membership.js';

/**
 * The returns framework (#20) in the membership workbook: written beside the five membership
 * sheets, read back through real XLSX bytes, its changes listed by the dry run's plan, a workbook
 * without its sheets leaving the stored framework alone, and a bad row named by sheet, row and column.
 */

let merton: Partnership;
beforeAll(async () => {
  merton = await readPartnershipFile('partnerships/merton-2015.json');
});

/** The exported workbook with one change made cell by cell, as a person would in Excel. */
async function edited(change: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from((await membershipFiles.write('xlsx', merton)).bytes) as unknown as ExcelJS.Buffer);
  change(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('the returns framework in the membership workbook', () => {
  it('is written as four sheets after the membership and read back exactly', async () => {
    const file = await membershipFiles.write('xlsx', merton);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.bytes) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Partnership', 'Agencies', 'Bodies', 'People', 'Seats', 'Returns', 'Section 11 standards', 'Data set indicators', 'Audit leads']);
    expect(wb.getWorksheet('Section 11 standards')!.rowCount).toBe(1 + merton.returns!.section11.standards.length);
    const back = await membershipFiles.read('xlsx', file.bytes);
    expect(back.problems).toEqual([]);
    expect(back.partnership!.returns).toStrictEqual(merton.returns);
  });

  it("lists a standard added in the sheet in the dry run's plan, and stores it", async () => {
    const bytes = await edited((wb) => wb.getWorksheet('Section 11 standards')!.addRow(['9', 'Neglect: the agency recognises and responds to neglect (BP 2.2)']));
    const read = await membershipFiles.read('xlsx', bytes);
    expect(read.problems).toEqual([]);
    const plan = planMembership(merton, read.partnership!, '2026-03-02', '2026-03-02');
    expect(plan.problems).toEqual([]);
    expect(plan.changes.filter((c) => c.entity === 'returns').map(wordChange)).toEqual([
      { kind: 'change', entity: 'returns', id: 'returns', label: expect.stringContaining('Returns framework') as string, details: ['standard 9 added'] },
    ]);
    expect(plan.result.returns!.section11.standards.map((s) => s.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('keeps the stored framework when the workbook has no returns sheets (an older export)', async () => {
    const bytes = await edited((wb) => {
      for (const name of ['Returns', 'Section 11 standards', 'Data set indicators', 'Audit leads']) wb.removeWorksheet(wb.getWorksheet(name)!.id);
    });
    const read = await membershipFiles.read('xlsx', bytes);
    expect(read.problems).toEqual([]);
    expect(read.partnership!.returns).toBeUndefined();
    const plan = planMembership(merton, read.partnership!, '2026-03-02', '2026-03-02');
    expect(plan.changes.filter((c) => c.entity === 'returns').map(wordChange)).toEqual([]);
    expect(plan.result.returns).toStrictEqual(merton.returns);
  });

  it('names the sheet, row and column of a bad row, and stores nothing', async () => {
    const bytes = await edited((wb) => {
      wb.getWorksheet('Data set indicators')!.getRow(2).getCell(4).value = 'no-such-agency';
      wb.getWorksheet('Section 11 standards')!.addRow(['1', 'The same id again']);
      wb.getWorksheet('Returns')!.getRow(2).getCell(2).value = 'no-such-body';
    });
    const read = await membershipFiles.read('xlsx', bytes);
    expect(read.partnership).toBeUndefined();
    expect(wordProblems(read.problems)).toEqual(
      expect.arrayContaining([
        { field: 'Returns', row: 2, column: 'Value', message: 'no body "no-such-body"' },
        { field: 'Section 11 standards', row: 10, column: 'Id', message: '"1" is used twice' },
        { field: 'Data set indicators', row: 2, column: 'Agency', message: 'no agency "no-such-agency"' },
      ]),
    );
  });

  it('refuses a returns sheet without its columns', async () => {
    const bytes = await edited((wb) => {
      wb.getWorksheet('Data set indicators')!.getRow(1).getCell(3).value = 'Units of measure';
    });
    const read = await membershipFiles.read('xlsx', bytes);
    expect(wordProblems(read.problems)).toEqual([{ field: 'Data set indicators', row: 1, message: 'Missing the column "Unit"' }]);
  });
});
