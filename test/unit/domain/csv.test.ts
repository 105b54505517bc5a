import { beforeAll, describe, expect, it } from 'vitest';
import { actionLineText, CSV_SYNTAX_TEXT, csvProblemText } from '../../../cards/action/problems.js';
import { policyProblemText } from '../../../cards/policy/problems.js';
import { readPartnershipFile } from '../../../infra/partnership-file.js';
import { CsvSyntaxError, parseCsv, readTable } from '../../../services/domain/csv.js';
import { Directory } from '../../../services/domain/directory.js';
import { parseDateText, readActionCsv, readPolicyCsv } from '../../../services/domain/register-import.js';

let d: Directory;
beforeAll(async () => {
  d = new Directory(await readPartnershipFile('partnerships/merton-2015.json'));
});

/** A problem as the presenter words it, with its line. */
const worded =
  <P extends { code: string }>(text: (p: P) => string | undefined) =>
  (p: P & { line: number }) => ({ line: p.line, message: text(p) });

const syntaxError = (text: string) => {
  try {
    parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { line: err.line, problem: CSV_SYNTAX_TEXT[err.problem] };
    throw err;
  }
  throw new Error('expected a syntax error');
};

describe('RFC 4180 reading', () => {
  it('reads quoted fields holding commas, doubled quotes and line breaks, keeping the line each record starts on', () => {
    const text = 'ref,action,when\r\n1.1,"Draft the ""partnership"" agreement, with partners",January 2027\r\n1.2,"Two\nlines",Ongoing\n\n2.1,plain,2027-03-31';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['ref', 'action', 'when'] },
      { line: 2, fields: ['1.1', 'Draft the "partnership" agreement, with partners', 'January 2027'] },
      { line: 3, fields: ['1.2', 'Two\nlines', 'Ongoing'] },
      { line: 6, fields: ['2.1', 'plain', '2027-03-31'] },
    ]);
  });

  it('keeps empty fields, trims unquoted ones, and drops a byte-order mark', () => {
    expect(parseCsv('\uFEFFa, b ,,"  c  "\n')).toEqual([{ line: 1, fields: ['a', 'b', '', '  c  '] }]);
  });

  it('reads cells pasted from a spreadsheet (tab-separated)', () => {
    expect(parseCsv('Action\tLead\nDo it, soon\tQA chair')).toEqual([
      { line: 1, fields: ['Action', 'Lead'] },
      { line: 2, fields: ['Do it, soon', 'QA chair'] },
    ]);
  });

  it('names the line of a quote never closed, a stray quote, and text after a closing quote', () => {
    expect(syntaxError('a,b\n1,"open\n2,3\n')).toMatchObject({ line: 2, problem: expect.stringContaining('never closed') });
    expect(syntaxError('a,b\n1,2\nab"c,3')).toMatchObject({ line: 3, problem: expect.stringContaining('quote in the middle') });
    expect(syntaxError('a,b\n"x"y,1')).toMatchObject({ line: 2, problem: expect.stringContaining('after a closing quote') });
  });

  it('matches header names loosely and reports missing columns and rows with too many fields', () => {
    const known = { when: ['when', 'due'], action: ['action'] } as const;
    const ok = readTable('When?,Action,Notes\n2027-01-01,x,y', known, ['when', 'action']);
    expect(ok.table?.columns).toEqual({ when: 0, action: 1 });
    expect(ok.table?.ignored).toEqual(['Notes']);
    expect(readTable('Action\nx', known, ['when', 'action']).errors.map(worded(csvProblemText))).toEqual([{ line: 1, message: expect.stringContaining('no "when" column') }]);
    expect(readTable('When,Action\n2027-01-01,a,b', known, ['when']).errors.map(worded(csvProblemText))).toEqual([{ line: 2, message: expect.stringContaining('3 fields') }]);
    expect(readTable('', known, ['when']).errors[0]).toMatchObject({ line: 1 });
  });
});

describe('dates as registers write them', () => {
  it.each([
    ['2027-01-31', '2027-01-31'],
    ['31/1/2027', '2027-01-31'],
    ['7 July 2020', '2020-07-07'],
    ['7th July 2020', '2020-07-07'],
    ['January 2019', '2019-01-31'],
    ['Feb 2028', '2028-02-29'],
    ['2027-02-30', undefined],
    ['soon', undefined],
  ])('%s → %s', (text, expected) => {
    expect(parseDateText(text)).toBe(expected);
  });
});

describe('the action register from CSV', () => {
  const ctx = () => ({ directory: d, today: '2026-11-24', defaultSource: 'business-plan' as const });

  it('reads business-plan rows: objective, action, who, governance oversight and when', () => {
    const csv = [
      'Objectives,Outcomes,Actions (what),Who,Governance oversight,When?,RAG',
      '2.1,Families get help without stigma,"To approve the DVA Strategy",Policy Sub-Group,Policy Sub-Group,January 2027,Amber',
      '3.1,We listen to young people,"To review the user voice strategy",The BIG,MSCB,Ongoing,',
      '4.1,Effective coordination,"Propose a model for adoption","met-police; seat:qa-psw",BIG,31/03/2027,Green',
    ].join('\n');
    const result = readActionCsv(csv, ctx());
    expect(result.errors).toEqual([]);
    expect(result.rows).toMatchObject([
      { line: 2, objectiveRef: '2.1', bodyId: 'mscb-policy', dueDate: '2027-01-31', rag: 'amber', source: 'business-plan', leads: [{ kind: 'role', office: 'chair', bodyId: 'mscb-policy' }] },
      { line: 3, bodyId: 'mscb-board', rag: 'green', leads: [{ kind: 'role', office: 'chair', bodyId: 'mscb-big' }] },
      { line: 4, bodyId: 'mscb-big', dueDate: '2027-03-31', leads: [{ kind: 'agency', agencyId: 'met-police' }, { kind: 'seat', seatId: 'qa-psw' }] },
    ]);
    expect(result.rows[1]!.dueDate).toBeUndefined();
  });

  it('reports every bad row with its line and returns no rows at all', () => {
    const csv = [
      'Action,Lead,Governance oversight,When,RAG,Confidential,Viewers',
      'Good row,QA chair,QA,2027-01-31,Green,,',
      '"A row that spans',
      'two lines",Nobody at all,QA,2027-01-31,Green,,',
      'Past,QA chair,QA,2026-01-31,Green,,',
      'Bad body,QA chair,The Moon Committee,2027-01-31,Blue,,',
      'Leak,QA chair,QA,2027-01-31,Red,no,p-mscb-manager',
    ].join('\n');
    const result = readActionCsv(csv, ctx());
    expect(result.rows).toEqual([]);
    expect(result.errors.map(worded(actionLineText))).toEqual([
      { line: 3, message: expect.stringContaining('the lead "Nobody at all"') },
      { line: 5, message: 'the due date 2026-01-31 is in the past.' },
      { line: 6, message: expect.stringContaining('"The Moon Committee" is not one body') },
      { line: 6, message: 'Blue is not used: say Complete for a finished action.' },
      { line: 7, message: expect.stringContaining('not marked confidential') },
    ]);
  });

  it('accepts a past date on a row that is already complete, and refuses duplicate refs', () => {
    const ok = readActionCsv('Ref,Action,Lead,Body,When,Status\nA1,Done,QA chair,QA,2026-01-31,Complete', ctx());
    expect(ok.rows[0]).toMatchObject({ complete: true, rag: 'complete' });
    const dup = readActionCsv('Ref,Action,Lead,Body,When\nA1,x,QA chair,QA,Ongoing\na1,y,QA chair,QA,Ongoing', ctx());
    expect(dup.errors.map(worded(actionLineText))).toEqual([{ line: 3, message: 'the ref "a1" is also used on line 2.' }]);
  });
});

describe('the policy register from CSV', () => {
  it('reads the front-sheet columns and defaults the review date to three years after approval', () => {
    const csv = 'Document,Version Number,Approving Committee,Date of Approval,Document Manager,Owner\n"Neglect strategy",V2,Policy Sub Group,7 July 2025,manager,Policy Sub Group';
    const result = readPolicyCsv(csv, { directory: d, today: '2026-11-24' });
    expect(result.errors).toEqual([]);
    expect(result.rows[0]).toMatchObject({
      line: 2,
      title: 'Neglect strategy',
      approvingBodyId: 'mscb-policy',
      approvalDate: '2025-07-07',
      reviewDate: '2028-07-07',
      documentManager: { kind: 'role', office: 'manager', bodyId: 'mscb-board' },
      owner: { kind: 'role', office: 'chair', bodyId: 'mscb-policy' },
    });
  });

  it('refuses a review date more than three years after approval, and an approval in the future', () => {
    const csv = [
      'Document,Version,Approving Committee,Date of Approval,Document Review Date,Document Manager',
      'A,V1,Policy,2025-07-07,2029-01-01,manager',
      'B,V1,Policy,2027-01-01,,manager',
    ].join('\n');
    const result = readPolicyCsv(csv, { directory: d, today: '2026-11-24' });
    expect(result.rows).toEqual([]);
    expect(result.errors.map((e) => e.line)).toEqual([2, 3]);
    expect(policyProblemText(result.errors[0]!)).toContain('no later than 2028-07-07');
  });
});
