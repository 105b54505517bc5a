import { ROLE_CODES, SECTORS } from '../../services/domain/directory.js';
import type { MembershipProblemFact } from '../../services/domain/membership-problems.js';
import { COLUMNS, SHEET_NAMES } from '../../services/domain/membership-sheet/columns.js';
import type { ConditionProblem, EmptyCellWant, SheetProblemFact, WorkbookProblem } from '../../services/domain/membership-sheet/problems.js';
import { CSV_SYNTAX_TEXT } from '../action/problems.js';

/** The words of a membership spreadsheet's or CSV file's problems (codes `sheet.…`). */

export const isSheetProblem = (p: MembershipProblemFact): p is SheetProblemFact => String(p.code).startsWith('sheet.');

const quoted = (s: string) => `"${s}"`;
const megabytes = (bytes: number) => bytes / 1024 / 1024;
const count = (n: number) => n.toLocaleString('en-GB');

const EMPTY_CELL: Record<EmptyCellWant, string> = {
  'yes-no': 'This cell is empty: write yes or no',
  absence: 'This cell is empty: write the absence rule, e.g. "2 consecutive" or "75% over 12 months"',
  decision: 'This cell is empty: write the decision rule, e.g. "majority of votes cast"',
  'casting-vote': 'This cell is empty: write who holds the casting vote: "nobody", "independent chair" or "chair"',
  body: 'This cell is empty: name the body (its Id on the Bodies sheet)',
};

const RULE_FORMS =
  'write each condition as "at least 5 agencies" (or "statutory agencies", "service areas", adding "not counting the chair or board staff"), ' +
  '"present: Label=agency-id+sector:health | …", "commissioner and provider", "50% of the membership" or "each safeguarding partner", separated by ";"';

function conditionWhy(p: ConditionProblem): string {
  switch (p.code) {
    case 'sheet.condition-empty':
      return `it is empty; ${RULE_FORMS}`;
    case 'sheet.condition-unknown':
      return RULE_FORMS;
    case 'sheet.condition-not-counting':
      return `"not counting" takes "the chair", "board staff" or "the chair or board staff", not "${p.who}"`;
    case 'sheet.condition-no-equals':
      return `each group is "Label=agency-id" (or "Label=sector:health"), and "${p.group}" has no "="`;
    case 'sheet.condition-no-label':
      return `the group "${p.group}" needs a label before "=" (quote a label holding = | ; or ")`;
    case 'sheet.condition-quote':
      return `a quote is out of place in "${p.token}"`;
    case 'sheet.condition-unknown-sector':
      return `unknown sector "${p.sector}"; use ${SECTORS.join(', ')}`;
    case 'sheet.condition-two-sectors':
      return `a group names one sector at most ("${p.group}")`;
  }
}

const NOT_XLSX = 'This file is not an Excel workbook (.xlsx): save the membership from Excel as "Excel Workbook (.xlsx)", or import the CSV file';

const NOT_XLSX_WHY: Record<NonNullable<Extract<WorkbookProblem, { code: 'sheet.xlsx-not-workbook' }>['why']>, string> = {
  unreadable: `${NOT_XLSX}. (It could not be read as a workbook; it may be damaged.)`,
  'no-sheets': `This workbook has no sheets: ${NOT_XLSX}`,
  'no-directory': `${NOT_XLSX}. (Its zip directory is missing: the file is damaged or cut short.)`,
  'directory-damaged': `${NOT_XLSX}. (Its zip directory is damaged.)`,
  'zip-not-workbook': `This file is a zip archive but not an Excel workbook. ${NOT_XLSX}`,
  'entries-damaged': `${NOT_XLSX}. (Its zip entries are damaged.)`,
  compression: `${NOT_XLSX}. (It uses an unusual compression method.)`,
  'part-damaged': `This file is damaged: a part of it cannot be unpacked. ${NOT_XLSX}`,
  'part-size': `This file is damaged: a part of it unpacks to a size other than the one declared. ${NOT_XLSX}`,
};

export function sheetProblemText(p: SheetProblemFact): string {
  switch (p.code) {
    case 'sheet.condition-empty':
    case 'sheet.condition-unknown':
    case 'sheet.condition-not-counting':
    case 'sheet.condition-no-equals':
    case 'sheet.condition-no-label':
    case 'sheet.condition-quote':
    case 'sheet.condition-unknown-sector':
    case 'sheet.condition-two-sectors':
      return `Cannot read the condition "${p.condition}": ${conditionWhy(p)}`;
    case 'sheet.absence-unreadable':
      return `Cannot read the absence rule "${p.text}": write "2 consecutive" (or "2 consecutive, deputy resets") or "75% over 12 months" (or "…, deputy counts")`;
    case 'sheet.decision-unreadable':
      return `Cannot read the decision rule "${p.text}": write "majority of votes cast", "majority of voting agencies", "unanimity" or "at least 2 for", optionally followed by ", consensus first"`;
    case 'sheet.casting-unreadable':
      return `Cannot read the casting vote "${p.text}": write "nobody", "independent chair" or "chair"`;
    case 'sheet.proxies-unreadable':
      return `Cannot read the proxy rule "${p.text}": write "allowed", "with the chair's agreement", "someone must attend", or both of the last two separated by a comma`;

    case 'sheet.xlsx-too-large':
      return `The file is larger than ${megabytes(p.limitBytes)} MB, the limit for a membership workbook`;
    case 'sheet.xlsx-old-format':
      return 'This is an older Excel 97-2003 file (.xls) or a password-protected workbook: save it from Excel as "Excel Workbook (.xlsx)" without a password';
    case 'sheet.xlsx-pdf':
      return `This file is a PDF, not a spreadsheet. ${NOT_XLSX}`;
    case 'sheet.xlsx-text':
      return 'This file is text (a CSV file renamed?), not an Excel workbook: import it as a CSV file, or save it from Excel as "Excel Workbook (.xlsx)"';
    case 'sheet.xlsx-ods':
      return 'This is an OpenDocument spreadsheet (.ods): save it as "Excel Workbook (.xlsx)", or import the CSV file';
    case 'sheet.xlsx-zip64':
      return 'This workbook uses a large-file zip format (ZIP64) that a membership file never needs; save it again from Excel';
    case 'sheet.xlsx-encrypted':
      return 'This workbook is encrypted: save it from Excel without a password';
    case 'sheet.xlsx-too-many-parts':
      return `This file holds ${p.parts} parts; a membership workbook has far fewer (the limit is ${p.limit})`;
    case 'sheet.xlsx-too-large-unpacked':
      return `This file unpacks to more than ${megabytes(p.limitBytes)} MB, far more than a membership workbook; it is refused unopened`;
    case 'sheet.xlsx-crafted-part':
      return 'A part of this file unpacks to more than its declared size (a crafted file); it is refused';
    case 'sheet.xlsx-too-many-cells':
      return `The "${p.sheet}" sheet has ${count(p.cells)} cells; the limit is ${count(p.rows)} rows of ${p.columns} columns`;
    case 'sheet.xlsx-not-workbook':
      return p.why ? NOT_XLSX_WHY[p.why] : NOT_XLSX;

    case 'sheet.csv-too-large':
      return `The file is larger than ${megabytes(p.limitBytes)} MB, the limit for a membership file`;
    case 'sheet.csv-syntax':
      return `Line ${p.line}: ${CSV_SYNTAX_TEXT[p.problem]}`;
    case 'sheet.csv-unknown-section':
      return `Line ${p.line}: unknown section "${p.text}"; the sections are ${SHEET_NAMES.map((n) => `# ${n}`).join(', ')}`;
    case 'sheet.csv-second-section':
      return `Line ${p.line}: a second "# ${p.sheet}" section; keep one`;
    case 'sheet.csv-outside-section':
      return `Line ${p.line} is outside any section: each sheet starts with a line holding only its name, e.g. "# Agencies"`;
    case 'sheet.csv-too-many-fields':
      return `Line ${p.line} has ${p.fields} fields; the limit is ${p.limit} columns`;

    case 'sheet.missing-sheet':
      return `Missing the "${p.sheet}" sheet (in a CSV file, a section starting with a line "# ${p.sheet}")`;
    case 'sheet.sheet-repeated':
      return `The "${p.sheet}" sheet appears ${p.times === undefined ? 'more than once' : `${p.times} times`}; keep one`;
    case 'sheet.empty-sheet':
      return `The "${p.sheet}" sheet is empty: it starts with a header row (${COLUMNS[p.sheet].join(', ')})`;
    case 'sheet.too-many-rows':
      return `The "${p.sheet}" sheet has ${count(p.rows)} rows below its header; the limit is ${count(p.limit)} rows a sheet`;
    case 'sheet.too-wide':
      return `The "${p.sheet}" sheet uses more than ${p.limit} columns, the limit`;
    case 'sheet.same-column':
      return `Two columns mean "${p.means}": keep one`;
    case 'sheet.missing-column':
      return `Missing column "${p.header}"`;
    case 'sheet.formula':
      return `This cell holds a formula (=${p.formula}); type the value itself`;

    case 'sheet.empty-cell':
      return EMPTY_CELL[p.want];
    case 'sheet.not-yes-no':
      return `"${p.text}" is not yes or no`;
    case 'sheet.not-whole':
      return `"${p.text}" is not a whole number`;
    case 'sheet.not-month':
      return `"${p.text}" is not a month number; write the months as numbers 1-12 separated by commas, e.g. "1,3,6,9"`;
    case 'sheet.not-email':
      return `"${p.text}" is not an email address`;
    case 'sheet.email-repeated':
      return `"${p.text}" is also on row ${p.firstRow}: one row per person`;
    case 'sheet.no-entra-id':
      return "Give the person's Entra object id, or their email to find them in the directory";
    case 'sheet.unknown-field':
      return `Unknown field "${p.text}": the fields are Id, Name and Source`;
    case 'sheet.field-repeated':
      return `"${p.text}" is given twice`;
    case 'sheet.missing-field':
      return `Missing the "${p.label}" row: the Partnership sheet has rows Id, Name and Source`;
    case 'sheet.unknown-body':
      return `Unknown body "${p.text}": add it on the Bodies sheet first`;
    case 'sheet.unknown-role':
      return `Unknown role code "${p.text}": use ${ROLE_CODES.slice(0, -1).join(', ')} or ${ROLE_CODES.at(-1)}`;
    case 'sheet.unknown-person':
      return `Unknown person "${p.text}": add them on the People sheet first (give their Id or email here)`;

    case 'sheet.returns-missing-sheet':
      return p.sheet === 'Returns'
        ? 'The returns sheets need the "Returns" sheet too (QA body, sources, reminder days)'
        : `The returns sheets need the "${p.sheet}" sheet too`;
    case 'sheet.returns-missing-columns':
      return `Missing the column${p.columns.length > 1 ? 's' : ''} ${p.columns.map(quoted).join(', ')}`;
    case 'sheet.returns-reminder-days':
      return `"${p.text}" is not a list of whole numbers of working days, e.g. 3, 1`;

    case 'sheet.person-not-in-directory':
      return `No one with the email "${p.email}" is in your organisation's directory: invite them as a guest first (docs/deploy.md), or give their Entra object id.`;
    case 'sheet.person-unfindable':
      return `"${p.name}" has neither an Entra object id nor an email to find them by.`;
  }
}
