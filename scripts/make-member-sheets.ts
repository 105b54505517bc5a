/**
 * Writes each sample partnership (partnerships/*.json) also as the membership spreadsheet a board
 * manager would import: partnerships/<name>.xlsx and partnerships/<name>.csv (docs/members.md).
 * The files are kept in the repository; run again after changing a sample:
 *
 *   npx tsx scripts/make-member-sheets.ts
 *
 * The workbook's dates are fixed, so the same sample always gives the same bytes.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readPartnershipFile } from '../infra/partnership-file.js';
import { writeWorkbook } from '../infra/spreadsheet/xlsx.js';
import { tablesFromPartnership, toCsv } from '../services/domain/membership-sheet.js';

export const SAMPLES = ['merton-2015', 'lewisham-2019'] as const;
const FIXED_DATE = new Date(Date.UTC(2025, 0, 1));

export async function makeMemberSheets(dir = fileURLToPath(new URL('../partnerships/', import.meta.url))): Promise<string[]> {
  const written: string[] = [];
  for (const name of SAMPLES) {
    const tables = tablesFromPartnership(await readPartnershipFile(`${dir}${name}.json`));
    await writeFile(`${dir}${name}.csv`, toCsv(tables), 'utf8');
    await writeFile(`${dir}${name}.xlsx`, await writeWorkbook(tables, { date: FIXED_DATE }));
    written.push(`${dir}${name}.csv`, `${dir}${name}.xlsx`);
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const file of await makeMemberSheets()) console.log(`wrote ${file}`);
}
