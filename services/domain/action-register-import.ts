/** Reading an action register from CSV (business plan, work plans): all or nothing, every problem with its line. */
import { cell, readTable, type CsvRecord, type CsvTable } from './csv.js';
import { findBody, LIMITS, parseLead, type ActionSource, type Lead, type Rag } from './action.js';
import type { Directory } from './directory.js';
import { bodyHint, entries, parseDateText, parsePerson, parseRag, parseSource, parseYesNo, type ImportResult } from './register-cells.js';


export const ACTION_COLUMNS = {
  action: ['action', 'actions', 'what', 'actionwhat', 'actionswhat', 'actionplan', 'description'],
  lead: ['lead', 'leads', 'who', 'actionswho', 'actionwho', 'leadagency', 'owner', 'responsible'],
  body: ['governanceoversight', 'governance', 'oversight', 'body', 'governancebody', 'whogovernanceoversight', 'governanceoverview'],
  when: ['when', 'due', 'duedate', 'timescale', 'deadline', 'by'],
  ref: ['ref', 'actionref', 'reference', 'no', 'number'],
  objective: ['objective', 'objectives', 'objectiveref', 'bpobjective', 'businessplanobjective', 'priority'],
  outcome: ['outcome', 'outcomes'],
  rag: ['rag', 'ragstatus', 'ragrating'],
  status: ['status'],
  progress: ['progress', 'progressnote', 'update', 'progressupdate', 'comments'],
  source: ['source'],
  confidential: ['confidential'],
  viewers: ['viewers', 'confidentialto', 'visibleto'],
} as const;
type ActionColumn = keyof typeof ACTION_COLUMNS;

export interface ActionDraft {
  line: number;
  ref?: string;
  objectiveRef?: string;
  outcome?: string;
  description: string;
  bodyId: string;
  leads: Lead[];
  dueDate?: string;
  rag: Rag;
  complete: boolean;
  progressNote?: string;
  source: ActionSource;
  confidential: boolean;
  viewers: string[];
}

export interface ImportContext {
  directory: Directory;
  /** London date today: due dates before it are refused for open actions. */
  today: string;
  defaultSource: ActionSource;
}


/** Checks every row of an action register; returns drafts only when no row has a problem. */
export function readActionCsv(csv: string, ctx: ImportContext): ImportResult<ActionDraft> {
  const { table, errors } = readTable<ActionColumn>(csv, ACTION_COLUMNS, ['action', 'lead', 'body', 'when']);
  if (!table) return { rows: [], errors, ignoredColumns: [] };
  const rows: ActionDraft[] = [];
  const refs = new Map<string, number>();
  for (const row of table.rows) {
    const problems: string[] = [];
    const draft = readActionRow(table, row, ctx, problems);
    if (draft?.ref) {
      const first = refs.get(draft.ref.toLowerCase());
      if (first !== undefined) problems.push(`the ref "${draft.ref}" is also used on line ${first}.`);
      else refs.set(draft.ref.toLowerCase(), row.line);
    }
    for (const message of problems) errors.push({ line: row.line, message });
    if (draft && problems.length === 0) rows.push(draft);
  }
  return errors.length ? { rows: [], errors, ignoredColumns: table.ignored } : { rows, errors, ignoredColumns: table.ignored };
}

function readActionRow(table: CsvTable<ActionColumn>, row: CsvRecord, ctx: ImportContext, problems: string[]): ActionDraft | undefined {
  const get = (k: ActionColumn) => cell(table, row, k);
  const { directory } = ctx;
  const description = get('action');
  if (!description) problems.push('the action is empty: say what is to be done.');
  if (description.length > LIMITS.description) problems.push(`the action is ${description.length} characters; the limit is ${LIMITS.description}.`);

  const bodyText = get('body');
  const body = bodyText ? findBody(bodyText, directory) : undefined;
  if (!bodyText) problems.push('no governing body: name the body that oversees this action.');
  else if (!body) problems.push(`"${bodyText}" is not one body of this partnership (use one of: ${bodyHint(directory)}).`);

  const leads: Lead[] = [];
  const leadTexts = entries(get('lead'));
  if (leadTexts.length === 0) problems.push('no lead: name a seat, a role or an agency.');
  if (leadTexts.length > LIMITS.leads) problems.push(`${leadTexts.length} leads; the limit is ${LIMITS.leads}.`);
  for (const t of leadTexts) {
    const lead = parseLead(t, directory);
    if (lead) leads.push(lead);
    else problems.push(`the lead "${t}" is not a seat, a role or an agency in the directory (separate several leads with ";").`);
  }

  const ragText = get('rag');
  const rag = ragText ? parseRag(ragText) : 'green';
  if (rag === 'blue') problems.push('Blue is not used: say Complete for a finished action.');
  else if (rag === undefined) problems.push(`the RAG "${ragText}" is not Red, Amber, Green or Complete.`);
  const statusText = get('status').toLowerCase();
  if (statusText && !['open', 'ongoing', 'in progress', 'complete', 'completed', 'done', 'closed'].includes(statusText)) {
    problems.push(`the status "${get('status')}" is not Open or Complete.`);
  }
  const complete = rag === 'complete' || ['complete', 'completed', 'done', 'closed'].includes(statusText);

  const when = get('when');
  let dueDate: string | undefined;
  if (!when) problems.push('no due date: give a date, or say Ongoing.');
  else if (!/^on-?going$/i.test(when)) {
    dueDate = parseDateText(when);
    if (!dueDate) problems.push(`"${when}" is not a date (use 2026-12-04, 4/12/2026, 4 December 2026, December 2026 or Ongoing).`);
    else if (dueDate < ctx.today && !complete) problems.push(`the due date ${dueDate} is in the past.`);
  }

  const sourceText = get('source');
  const source = sourceText ? parseSource(sourceText) : ctx.defaultSource;
  if (!source) problems.push(`the source "${sourceText}" is not one of: meeting, business plan, work plan, case review, absence review, policy review.`);

  const confidentialText = get('confidential');
  const confidential = confidentialText ? parseYesNo(confidentialText) : false;
  if (confidential === undefined && confidentialText) problems.push(`confidential should be Yes or No, not "${confidentialText}".`);
  const viewers: string[] = [];
  for (const t of entries(get('viewers'))) {
    const personId = parsePerson(t, directory);
    if (personId) viewers.push(personId);
    else problems.push(`the viewer "${t}" is not a person or a filled seat in the directory.`);
  }
  if (viewers.length && !confidential) problems.push('viewers are named but the action is not marked confidential.');
  if (viewers.length > LIMITS.viewers) problems.push(`${viewers.length} viewers; the limit is ${LIMITS.viewers}.`);

  const ref = get('ref') || undefined;
  if (ref && ref.length > LIMITS.ref) problems.push(`the ref is ${ref.length} characters; the limit is ${LIMITS.ref}.`);
  const objectiveRef = get('objective') || undefined;
  if (objectiveRef && objectiveRef.length > LIMITS.objectiveRef) problems.push(`the objective ref "${objectiveRef.slice(0, 30)}…" is longer than ${LIMITS.objectiveRef} characters.`);
  const outcome = get('outcome') || undefined;
  if (outcome && outcome.length > LIMITS.outcome) problems.push(`the outcome is ${outcome.length} characters; the limit is ${LIMITS.outcome}.`);
  const progressNote = get('progress') || undefined;
  if (progressNote && progressNote.length > LIMITS.note) problems.push(`the progress note is ${progressNote.length} characters; the limit is ${LIMITS.note}.`);

  if (problems.length || !body || !source || rag === undefined || rag === 'blue' || confidential === undefined) return undefined;
  return {
    line: row.line,
    ref,
    objectiveRef,
    outcome,
    description,
    bodyId: body.id,
    leads,
    dueDate,
    rag: complete ? 'complete' : rag,
    complete,
    progressNote,
    source,
    confidential,
    viewers: [...new Set(viewers)],
  };
}

