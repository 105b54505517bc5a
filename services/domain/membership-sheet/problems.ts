/**
 * A membership spreadsheet's or CSV file's problems (membership-sheet/*, infra/spreadsheet/xlsx.ts, the import's
 * directory look-up), codes `sheet.…`: the facts each sentence needs, worded by cards/membership/sheet-problem-words.ts.
 * Text from the file (`text`, `condition`, …) is the cell's own, as the file gave it.
 */
import type { CsvSyntaxProblem } from '../csv.js';
import type { SheetName } from './columns.js';

/** What an empty required cell should hold. */
export type EmptyCellWant = 'yes-no' | 'absence' | 'decision' | 'casting-vote' | 'body';

/** Why a quorum condition cannot be read. */
export type ConditionProblem =
  | { code: 'sheet.condition-empty'; condition: string }
  | { code: 'sheet.condition-unknown'; condition: string }
  | { code: 'sheet.condition-not-counting'; condition: string; who: string }
  | { code: 'sheet.condition-no-equals'; condition: string; group: string }
  | { code: 'sheet.condition-no-label'; condition: string; group: string }
  | { code: 'sheet.condition-quote'; condition: string; token: string }
  | { code: 'sheet.condition-unknown-sector'; condition: string; sector: string }
  | { code: 'sheet.condition-two-sectors'; condition: string; group: string };

/** A rule cell (quorum, absence, decision, casting vote, proxies) that does not follow the grammar (docs/members.md). */
export type RuleTextProblem =
  | ConditionProblem
  | { code: 'sheet.absence-unreadable'; text: string }
  | { code: 'sheet.decision-unreadable'; text: string }
  | { code: 'sheet.casting-unreadable'; text: string }
  | { code: 'sheet.proxies-unreadable'; text: string };

/** A problem of the workbook file itself (infra/spreadsheet/xlsx.ts), before any sheet is read. */
export type WorkbookProblem =
  | { code: 'sheet.xlsx-too-large'; limitBytes: number }
  | { code: 'sheet.xlsx-old-format' }
  | { code: 'sheet.xlsx-pdf' }
  | { code: 'sheet.xlsx-text' }
  | { code: 'sheet.xlsx-ods' }
  | { code: 'sheet.xlsx-zip64' }
  | { code: 'sheet.xlsx-encrypted' }
  | { code: 'sheet.xlsx-too-many-parts'; parts: number; limit: number }
  | { code: 'sheet.xlsx-too-large-unpacked'; limitBytes: number }
  | { code: 'sheet.xlsx-crafted-part' }
  | { code: 'sheet.xlsx-too-many-cells'; sheet: string; cells: number; rows: number; columns: number }
  | {
      code: 'sheet.xlsx-not-workbook';
      /** What more is known: nothing, or what is damaged or odd about it. */
      why?: 'zip-not-workbook' | 'no-sheets' | 'unreadable' | 'no-directory' | 'directory-damaged' | 'entries-damaged' | 'compression' | 'part-damaged' | 'part-size';
    };

export type SheetProblemFact =
  | RuleTextProblem
  | WorkbookProblem
  // The CSV file of sections.
  | { code: 'sheet.csv-too-large'; limitBytes: number }
  | { code: 'sheet.csv-syntax'; line: number; problem: CsvSyntaxProblem }
  | { code: 'sheet.csv-unknown-section'; line: number; text: string }
  | { code: 'sheet.csv-second-section'; line: number; sheet: SheetName }
  | { code: 'sheet.csv-outside-section'; line: number }
  | { code: 'sheet.csv-too-many-fields'; line: number; fields: number; limit: number }
  // The sheets and their columns.
  | { code: 'sheet.missing-sheet'; sheet: SheetName }
  | { code: 'sheet.sheet-repeated'; sheet: string; times?: number }
  | { code: 'sheet.empty-sheet'; sheet: SheetName }
  | { code: 'sheet.too-many-rows'; sheet: string; rows: number; limit: number }
  | { code: 'sheet.too-wide'; sheet: string; limit: number }
  | { code: 'sheet.same-column'; means: string }
  | { code: 'sheet.missing-column'; header: string }
  | { code: 'sheet.formula'; formula: string }
  // The cells.
  | { code: 'sheet.empty-cell'; want: EmptyCellWant }
  | { code: 'sheet.not-yes-no'; text: string }
  | { code: 'sheet.not-whole'; text: string }
  | { code: 'sheet.not-month'; text: string }
  | { code: 'sheet.not-email'; text: string }
  | { code: 'sheet.email-repeated'; text: string; firstRow: number }
  | { code: 'sheet.no-entra-id' }
  | { code: 'sheet.unknown-field'; text: string }
  | { code: 'sheet.field-repeated'; text: string }
  | { code: 'sheet.missing-field'; label: 'Id' | 'Name' | 'Source' }
  | { code: 'sheet.unknown-body'; text: string }
  | { code: 'sheet.unknown-role'; text: string }
  | { code: 'sheet.unknown-person'; text: string }
  // The returns framework's sheets.
  | { code: 'sheet.returns-missing-sheet'; sheet: 'Returns' | 'Section 11 standards' }
  | { code: 'sheet.returns-missing-columns'; columns: string[] }
  | { code: 'sheet.returns-reminder-days'; text: string }
  // Importing: a person given by email only whom the tenant's directory does not know.
  | { code: 'sheet.person-not-in-directory'; email: string }
  | { code: 'sheet.person-unfindable'; name: string };
