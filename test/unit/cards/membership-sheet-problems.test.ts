import { beforeAll, describe, expect, it } from 'vitest';
import { membershipProblemText, wordProblems } from '../../../cards/membership/problems.js';
import { isSheetProblem, sheetProblemText } from '../../../cards/membership/sheet-problem-words.js';
import { readPartnershipFile } from '../../../infra/partnership-file.js';
import { readWorkbook } from '../../../infra/spreadsheet/xlsx.js';
import type { Partnership } from '../../../services/domain/directory.js';
import type { MembershipProblem } from '../../../services/domain/membership-problems.js';
import type { SheetProblemFact } from '../../../services/domain/membership-sheet/problems.js';
import {
  COLUMNS,
  fromCsv,
  parseAbsenceText,
  parseCastingText,
  parseDecisionText,
  parseProxiesText,
  parseQuorumText,
  partnershipFromTables,
  tablesFromPartnership,
  type SheetName,
  type Table,
} from '../../../services/domain/membership-sheet.js';
import { returnsFromTables } from '../../../services/domain/membership-sheet/returns-sheets.js';

/**
 * The membership sheet's problems are codes and facts (services/domain/membership-sheet/problems.ts); these are the
 * words cards/membership/sheet-problem-words.ts gives them, read end to end from files and cells through the real
 * readers: each the sentence the reader wrote itself before (issue #13).
 */

let merton: Partnership;
beforeAll(async () => {
  merton = await readPartnershipFile('partnerships/merton-2015.json');
  delete merton.returns;
});

const col = (name: SheetName, column: string) => (COLUMNS[name] as readonly string[]).indexOf(column);
const sheet = (tables: Table[], name: SheetName) => tables.find((t) => t.name === name)!;
/** The membership's tables with one change, read back: its problems. */
const read = (change: (t: Table[]) => void): MembershipProblem[] => {
  const tables = tablesFromPartnership(merton);
  change(tables);
  return partnershipFromTables(tables).problems;
};
const cell = (name: SheetName, row: number, column: string, value: string) => (t: Table[]) => {
  sheet(t, name).rows[row - 1]![col(name, column)] = value;
};
const unreadable = (parsed: { ok: true } | { ok: false; problem: SheetProblemFact }): MembershipProblem[] => (parsed.ok ? [] : [{ field: 'Bodies', ...parsed.problem }]);

describe('the sheet problems, worded', () => {
  const cases: { name: string; problems: () => MembershipProblem[] | Promise<MembershipProblem[]>; words: string }[] = [
    { name: 'a CSV syntax error', problems: () => fromCsv('# Agencies\nId,Name\n"open,x\n').problems, words: 'Line 3: a quote is opened here and never closed.' },
    {
      name: 'an unknown CSV section',
      problems: () => fromCsv('# Members\nId,Name').problems,
      words: 'Line 1: unknown section "# Members"; the sections are # Partnership, # Agencies, # Bodies, # People, # Seats',
    },
    { name: 'a second CSV section', problems: () => fromCsv('# Agencies\nId,Name\n# Agencies\nId,Name').problems, words: 'Line 3: a second "# Agencies" section; keep one' },
    {
      name: 'a line outside any section',
      problems: () => fromCsv('Id,Name\n# Agencies\nId,Name').problems,
      words: 'Line 1 is outside any section: each sheet starts with a line holding only its name, e.g. "# Agencies"',
    },
    { name: 'a CSV line too wide', problems: () => fromCsv(`# Agencies\n${'x,'.repeat(45)}x`).problems, words: 'Line 2 has 46 fields; the limit is 40 columns' },
    { name: 'a CSV file too large', problems: () => fromCsv('x'.repeat(5 * 1024 * 1024 + 1)).problems, words: 'The file is larger than 5 MB, the limit for a membership file' },
    {
      name: 'a missing sheet',
      problems: () => read((t) => t.splice(t.findIndex((x) => x.name === 'People'), 1)),
      words: 'Missing the "People" sheet (in a CSV file, a section starting with a line "# People")',
    },
    { name: 'a sheet twice', problems: () => read((t) => t.push(structuredClone(sheet(t, 'Seats')))), words: 'The "Seats" sheet appears 2 times; keep one' },
    { name: 'an empty sheet', problems: () => read((t) => (sheet(t, 'Partnership').rows = [])), words: 'The "Partnership" sheet is empty: it starts with a header row (Field, Value)' },
    { name: 'two columns of one meaning', problems: () => read(cell('Seats', 1, 'Voting', 'title')), words: 'Two columns mean "Title": keep one' },
    { name: 'a missing column', problems: () => read(cell('Seats', 1, 'Title', 'Heading')), words: 'Missing column "Title"' },
    { name: 'an unknown Partnership field', problems: () => read(cell('Partnership', 2, 'Field', 'Colour')), words: 'Unknown field "Colour": the fields are Id, Name and Source' },
    { name: 'a Partnership row missing', problems: () => read((t) => sheet(t, 'Partnership').rows.splice(3, 1)), words: 'Missing the "Source" row: the Partnership sheet has rows Id, Name and Source' },
    { name: 'an empty flag', problems: () => read(cell('Agencies', 2, 'Statutory', '')), words: 'This cell is empty: write yes or no' },
    { name: 'a flag that is not yes or no', problems: () => read(cell('Agencies', 2, 'Statutory', 'maybe')), words: '"maybe" is not yes or no' },
    { name: 'a number that is not whole', problems: () => read(cell('Bodies', 2, 'Meetings a year', 'four')), words: '"four" is not a whole number' },
    {
      name: 'a month that is not a number',
      problems: () => read(cell('Bodies', 2, 'Months', '1,March')),
      words: '"March" is not a month number; write the months as numbers 1-12 separated by commas, e.g. "1,3,6,9"',
    },
    {
      name: 'an empty absence rule',
      problems: () => read(cell('Bodies', 2, 'Absence', '')),
      words: 'This cell is empty: write the absence rule, e.g. "2 consecutive" or "75% over 12 months"',
    },
    { name: 'a bad email', problems: () => read(cell('People', 5, 'Email', 'bob@')), words: '"bob@" is not an email address' },
    { name: 'an unknown role', problems: () => read(cell('Seats', 12, 'Roles', 'P Q')), words: 'Unknown role code "Q": use P, S, C, V, PO, SA, A or BS' },
    { name: 'an unknown body', problems: () => read(cell('Seats', 4, 'Body', 'mscb-nothing')), words: 'Unknown body "mscb-nothing": add it on the Bodies sheet first' },
    { name: 'an empty body', problems: () => read(cell('Seats', 4, 'Body', '')), words: 'This cell is empty: name the body (its Id on the Bodies sheet)' },
    {
      name: 'an unknown person',
      problems: () => read(cell('Seats', 3, 'Holder', 'nobody@merton.example')),
      words: 'Unknown person "nobody@merton.example": add them on the People sheet first (give their Id or email here)',
    },
    {
      name: "the rule check's unknown agency, in the sheet's terms",
      problems: () => read(cell('Seats', 7, 'Agency', 'met-polise')),
      words: 'Unknown agency "met-polise": add it on the Agencies sheet first',
    },
    {
      name: "the rule check's missing chair, in the sheet's terms",
      problems: () => read((t) => sheet(t, 'Seats').rows.forEach((r) => r[0] === 'mscb-ld' && /chair/.test(r[col('Seats', 'Office')]!) && (r[col('Seats', 'Office')] = ''))),
      words: 'No chair: a body has exactly one seat with office "chair" or "independent-chair" on the Seats sheet',
    },
    {
      name: 'an unreadable quorum condition',
      problems: () => unreadable(parseQuorumText('present: Health=sector:hospital')),
      words: 'Cannot read the condition "present: Health=sector:hospital": unknown sector "hospital"; use council, health, police, education, probation, justice, voluntary, lay, other',
    },
    {
      name: 'a quorum group without "="',
      problems: () => unreadable(parseQuorumText('present: Health')),
      words: 'Cannot read the condition "present: Health": each group is "Label=agency-id" (or "Label=sector:health"), and "Health" has no "="',
    },
    {
      name: 'an unreadable absence rule',
      problems: () => unreadable(parseAbsenceText('twice')),
      words: 'Cannot read the absence rule "twice": write "2 consecutive" (or "2 consecutive, deputy resets") or "75% over 12 months" (or "…, deputy counts")',
    },
    {
      name: 'an unreadable decision rule',
      problems: () => unreadable(parseDecisionText(' most ')),
      words: 'Cannot read the decision rule "most": write "majority of votes cast", "majority of voting agencies", "unanimity" or "at least 2 for", optionally followed by ", consensus first"',
    },
    { name: 'an unreadable casting vote', problems: () => unreadable(parseCastingText('vicar')), words: 'Cannot read the casting vote "vicar": write "nobody", "independent chair" or "chair"' },
    {
      name: 'an unreadable proxy rule',
      problems: () => unreadable(parseProxiesText('never')),
      words: 'Cannot read the proxy rule "never": write "allowed", "with the chair\'s agreement", "someone must attend", or both of the last two separated by a comma',
    },
    {
      name: 'a PDF given as a workbook',
      problems: async () => (await readWorkbook(new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n')))).problems,
      words: 'This file is a PDF, not a spreadsheet. This file is not an Excel workbook (.xlsx): save the membership from Excel as "Excel Workbook (.xlsx)", or import the CSV file',
    },
    {
      name: 'an old .xls workbook',
      problems: async () => (await readWorkbook(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, ...new Array(600).fill(0)]))).problems,
      words: 'This is an older Excel 97-2003 file (.xls) or a password-protected workbook: save it from Excel as "Excel Workbook (.xlsx)" without a password',
    },
    {
      name: 'a returns sheet without its column',
      problems: () => returnsFromTables([{ name: 'Returns', rows: [['Field', 'Value']] }, { name: 'Section 11 standards', rows: [['Id']] }], merton).problems,
      words: 'Missing the column "Text"',
    },
    {
      name: 'returns sheets without the Returns sheet',
      problems: () => returnsFromTables([{ name: 'Section 11 standards', rows: [['Id', 'Text']] }], merton).problems,
      words: 'The returns sheets need the "Returns" sheet too (QA body, sources, reminder days)',
    },
  ];

  it.each(cases)('$name', async ({ name, problems, words }) => {
    const worded = (await problems()).filter((p) => membershipProblemText(p) === words);
    expect(worded).not.toEqual([]);
    // A fact, not a sentence: the sheet's own, or the rule check's (the configuration's family) for what the sheets describe.
    expect(worded.every((p) => p.code !== undefined && (name.startsWith("the rule check's") || isSheetProblem(p)))).toBe(true);
  });

  it('words the problems of people the directory cannot find, met on importing', () => {
    expect(sheetProblemText({ code: 'sheet.person-not-in-directory', email: 'x@y.example' })).toBe(
      'No one with the email "x@y.example" is in your organisation\'s directory: invite them as a guest first (docs/deploy.md), or give their Entra object id.',
    );
    expect(sheetProblemText({ code: 'sheet.person-unfindable', name: 'Board Manager' })).toBe('"Board Manager" has neither an Entra object id nor an email to find them by.');
  });

  it('keeps the place: the sheet, the row as the user sees it, the column', () => {
    expect(wordProblems(read(cell('Agencies', 3, 'Statutory', 'maybe')))).toEqual([{ field: 'Agencies', row: 3, column: 'Statutory', message: '"maybe" is not yes or no' }]);
  });
});
