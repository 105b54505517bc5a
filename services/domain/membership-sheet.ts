/**
 * The whole membership as a spreadsheet: a Partnership to and from five tables (Partnership,
 * Agencies, Bodies, People, Seats), and those tables to and from one CSV file of five sections.
 * docs/members.md describes every column and the quorum and absence rule grammar. The XLSX side
 * lives in infra/spreadsheet/xlsx.ts; this module only sees tables of text.
 *
 * Seat history (terms, endsOn) is not in the sheet: it describes the membership of one day. Flags
 * that are off (`statutoryOnly: false`, `countBy: 'agency'`) read back as absent, which means the same.
 *
 * The parts: `membership-sheet/columns.ts` (sheets, columns, bounds), `rule-text.ts` (rules as
 * text), `write.ts` (partnership → tables), `read*.ts` (tables → partnership), `csv.ts`.
 */
export { COLUMNS, SHEET_LIMITS, SHEET_NAMES, type SheetName, type Table } from './membership-sheet/columns.js';
export { csvSafe, csvUnsafe, fromCsv, toCsv } from './membership-sheet/csv.js';
export { partnershipFromTables } from './membership-sheet/read.js';
export { tooManyRows } from './membership-sheet/read-support.js';
export {
  absenceText,
  conditionText,
  decisionText,
  parseAbsenceText,
  parseCastingText,
  parseDecisionText,
  parseProxiesText,
  parseQuorumText,
  proxiesText,
  quorumText,
} from './membership-sheet/rule-text.js';
export { tablesFromPartnership } from './membership-sheet/write.js';
