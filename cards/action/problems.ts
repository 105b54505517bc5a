import type { ActionRowProblem } from '../../services/domain/action-register-import.js';
import type { CsvProblem, CsvSyntaxProblem } from '../../services/domain/csv.js';

/** The words of a pasted register's problems: the CSV text's own, and each action row's (after "Line N: "). */

export const CSV_SYNTAX_TEXT: Record<CsvSyntaxProblem, string> = {
  'quote-inside': 'a quote in the middle of a field; put the whole field in quotes and double any quote inside it ("").',
  'text-after-quote': 'text after a closing quote; a quoted field must end at a comma or the end of the line.',
  'unclosed-quote': 'a quote is opened here and never closed.',
};

export function csvProblemText(p: CsvProblem): string {
  switch (p.code) {
    case 'csv.syntax':
      return CSV_SYNTAX_TEXT[p.problem];
    case 'csv.empty':
      return 'the text is empty: paste a header line and at least one row.';
    case 'csv.same-column':
      return `two columns mean the same thing: "${p.first}" and "${p.second}".`;
    case 'csv.no-column':
      return `no "${p.names[0]}" column (the header may call it ${p.names.map((n) => `"${n}"`).join(', ')}).`;
    case 'csv.no-rows':
      return 'there are no rows under the header.';
    case 'csv.too-many-fields':
      return `${p.fields} fields, but the header has ${p.header}; put a field holding commas in quotes.`;
  }
}

const TOO_LONG: Record<Extract<ActionRowProblem, { code: 'line.too-long' }>['what'], string> = {
  action: 'the action',
  ref: 'the ref',
  outcome: 'the outcome',
  progress: 'the progress note',
};

export function actionRowText(p: ActionRowProblem): string {
  switch (p.code) {
    case 'line.action-empty':
      return 'the action is empty: say what is to be done.';
    case 'line.too-long':
      return `${TOO_LONG[p.what]} is ${p.length} characters; the limit is ${p.limit}.`;
    case 'line.objective-too-long':
      return `the objective ref "${p.start}…" is longer than ${p.limit} characters.`;
    case 'line.no-body':
      return 'no governing body: name the body that oversees this action.';
    case 'line.unknown-body':
      return `"${p.text}" is not one body of this partnership (use one of: ${p.bodies.join(', ')}).`;
    case 'line.no-lead':
      return 'no lead: name a seat, a role or an agency.';
    case 'line.too-many':
      return `${p.count} ${p.what}; the limit is ${p.limit}.`;
    case 'line.unknown-lead':
      return `the lead "${p.text}" is not a seat, a role or an agency in the directory (separate several leads with ";").`;
    case 'line.rag-blue':
      return 'Blue is not used: say Complete for a finished action.';
    case 'line.unknown-rag':
      return `the RAG "${p.text}" is not Red, Amber, Green or Complete.`;
    case 'line.unknown-status':
      return `the status "${p.text}" is not Open or Complete.`;
    case 'line.no-due':
      return 'no due date: give a date, or say Ongoing.';
    case 'line.due-not-a-date':
      return `"${p.text}" is not a date (use 2026-12-04, 4/12/2026, 4 December 2026, December 2026 or Ongoing).`;
    case 'line.due-past':
      return `the due date ${p.date} is in the past.`;
    case 'line.unknown-source':
      return `the source "${p.text}" is not one of: meeting, business plan, work plan, case review, absence review, policy review.`;
    case 'line.unknown-confidential':
      return `confidential should be Yes or No, not "${p.text}".`;
    case 'line.unknown-viewer':
      return `the viewer "${p.text}" is not a person or a filled seat in the directory.`;
    case 'line.viewers-not-confidential':
      return 'viewers are named but the action is not marked confidential.';
    case 'line.ref-repeated':
      return `the ref "${p.ref}" is also used on line ${p.firstLine}.`;
  }
}

const CSV_CODES = new Set<string>(['csv.syntax', 'csv.empty', 'csv.same-column', 'csv.no-column', 'csv.no-rows', 'csv.too-many-fields']);

/** A problem of the pasted text, or of a row by `rowText`; undefined when the code is neither. */
export function lineText<P extends { code: string }>(p: { code: string }, rowText: (p: P) => string | undefined): string | undefined {
  return CSV_CODES.has(p.code) ? csvProblemText(p as CsvProblem) : rowText(p as P);
}

const ACTION_ROW_CODES = new Set<string>([
  'line.action-empty', 'line.too-long', 'line.objective-too-long', 'line.no-body', 'line.unknown-body', 'line.no-lead', 'line.too-many',
  'line.unknown-lead', 'line.rag-blue', 'line.unknown-rag', 'line.unknown-status', 'line.no-due', 'line.due-not-a-date', 'line.due-past',
  'line.unknown-source', 'line.unknown-confidential', 'line.unknown-viewer', 'line.viewers-not-confidential', 'line.ref-repeated',
]);

/** An action register's line problem in words, without its "Line N: "; undefined for another code. */
export const actionLineText = (p: { code: string }): string | undefined =>
  lineText<ActionRowProblem>(p, (r) => (ACTION_ROW_CODES.has(r.code) ? actionRowText(r) : undefined));
