/**
 * Reading an action register from CSV (business plan, work plans): all or nothing, every problem with its line,
 * as a code and its facts (cards/action/problems.ts words them).
 */
import { cell, readTable, type CsvRecord, type CsvTable } from './csv.js';
import { findBody, LIMITS, parseLead, type ActionSource, type Lead, type Rag } from './action.js';
import type { Directory } from './directory.js';
import { bodyIds, entries, parseDateText, parsePerson, parseRag, parseSource, parseYesNo, type ImportResult } from './register-cells.js';

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

/** What is wrong with one row of an action register. */
export type ActionRowProblem =
  | { code: 'line.action-empty' }
  | { code: 'line.too-long'; what: 'action' | 'ref' | 'outcome' | 'progress'; length: number; limit: number }
  | { code: 'line.objective-too-long'; start: string; limit: number }
  | { code: 'line.no-body' }
  | { code: 'line.unknown-body'; text: string; bodies: string[] }
  | { code: 'line.no-lead' }
  | { code: 'line.too-many'; what: 'leads' | 'viewers'; count: number; limit: number }
  | { code: 'line.unknown-lead'; text: string }
  | { code: 'line.rag-blue' }
  | { code: 'line.unknown-rag'; text: string }
  | { code: 'line.unknown-status'; text: string }
  | { code: 'line.no-due' }
  | { code: 'line.due-not-a-date'; text: string }
  | { code: 'line.due-past'; date: string }
  | { code: 'line.unknown-source'; text: string }
  | { code: 'line.unknown-confidential'; text: string }
  | { code: 'line.unknown-viewer'; text: string }
  | { code: 'line.viewers-not-confidential' }
  | { code: 'line.ref-repeated'; ref: string; firstLine: number };

/** Checks every row of an action register; returns drafts only when no row has a problem. */
export function readActionCsv(csv: string, ctx: ImportContext): ImportResult<ActionDraft, ActionRowProblem> {
  const read = readTable<ActionColumn>(csv, ACTION_COLUMNS, ['action', 'lead', 'body', 'when']);
  const { table } = read;
  const errors: ImportResult<ActionDraft, ActionRowProblem>['errors'] = read.errors;
  if (!table) return { rows: [], errors, ignoredColumns: [] };
  const rows: ActionDraft[] = [];
  const refs = new Map<string, number>();
  for (const row of table.rows) {
    const problems: ActionRowProblem[] = [];
    const draft = readActionRow(table, row, ctx, problems);
    if (draft?.ref) {
      const first = refs.get(draft.ref.toLowerCase());
      if (first !== undefined) problems.push({ code: 'line.ref-repeated', ref: draft.ref, firstLine: first });
      else refs.set(draft.ref.toLowerCase(), row.line);
    }
    for (const problem of problems) errors.push({ ...problem, line: row.line });
    if (draft && problems.length === 0) rows.push(draft);
  }
  return errors.length ? { rows: [], errors, ignoredColumns: table.ignored } : { rows, errors, ignoredColumns: table.ignored };
}

function readActionRow(table: CsvTable<ActionColumn>, row: CsvRecord, ctx: ImportContext, problems: ActionRowProblem[]): ActionDraft | undefined {
  const get = (k: ActionColumn) => cell(table, row, k);
  const { directory } = ctx;
  const description = get('action');
  if (!description) problems.push({ code: 'line.action-empty' });
  if (description.length > LIMITS.description) problems.push({ code: 'line.too-long', what: 'action', length: description.length, limit: LIMITS.description });

  const bodyText = get('body');
  const body = bodyText ? findBody(bodyText, directory) : undefined;
  if (!bodyText) problems.push({ code: 'line.no-body' });
  else if (!body) problems.push({ code: 'line.unknown-body', text: bodyText, bodies: bodyIds(directory) });

  const leads: Lead[] = [];
  const leadTexts = entries(get('lead'));
  if (leadTexts.length === 0) problems.push({ code: 'line.no-lead' });
  if (leadTexts.length > LIMITS.leads) problems.push({ code: 'line.too-many', what: 'leads', count: leadTexts.length, limit: LIMITS.leads });
  for (const t of leadTexts) {
    const lead = parseLead(t, directory);
    if (lead) leads.push(lead);
    else problems.push({ code: 'line.unknown-lead', text: t });
  }

  const ragText = get('rag');
  const rag = ragText ? parseRag(ragText) : 'green';
  if (rag === 'blue') problems.push({ code: 'line.rag-blue' });
  else if (rag === undefined) problems.push({ code: 'line.unknown-rag', text: ragText });
  const statusText = get('status').toLowerCase();
  if (statusText && !['open', 'ongoing', 'in progress', 'complete', 'completed', 'done', 'closed'].includes(statusText)) {
    problems.push({ code: 'line.unknown-status', text: get('status') });
  }
  const complete = rag === 'complete' || ['complete', 'completed', 'done', 'closed'].includes(statusText);

  const when = get('when');
  let dueDate: string | undefined;
  if (!when) problems.push({ code: 'line.no-due' });
  else if (!/^on-?going$/i.test(when)) {
    dueDate = parseDateText(when);
    if (!dueDate) problems.push({ code: 'line.due-not-a-date', text: when });
    else if (dueDate < ctx.today && !complete) problems.push({ code: 'line.due-past', date: dueDate });
  }

  const sourceText = get('source');
  const source = sourceText ? parseSource(sourceText) : ctx.defaultSource;
  if (!source) problems.push({ code: 'line.unknown-source', text: sourceText });

  const confidentialText = get('confidential');
  const confidential = confidentialText ? parseYesNo(confidentialText) : false;
  if (confidential === undefined && confidentialText) problems.push({ code: 'line.unknown-confidential', text: confidentialText });
  const viewers: string[] = [];
  for (const t of entries(get('viewers'))) {
    const personId = parsePerson(t, directory);
    if (personId) viewers.push(personId);
    else problems.push({ code: 'line.unknown-viewer', text: t });
  }
  if (viewers.length && !confidential) problems.push({ code: 'line.viewers-not-confidential' });
  if (viewers.length > LIMITS.viewers) problems.push({ code: 'line.too-many', what: 'viewers', count: viewers.length, limit: LIMITS.viewers });

  const ref = get('ref') || undefined;
  if (ref && ref.length > LIMITS.ref) problems.push({ code: 'line.too-long', what: 'ref', length: ref.length, limit: LIMITS.ref });
  const objectiveRef = get('objective') || undefined;
  if (objectiveRef && objectiveRef.length > LIMITS.objectiveRef) problems.push({ code: 'line.objective-too-long', start: objectiveRef.slice(0, 30), limit: LIMITS.objectiveRef });
  const outcome = get('outcome') || undefined;
  if (outcome && outcome.length > LIMITS.outcome) problems.push({ code: 'line.too-long', what: 'outcome', length: outcome.length, limit: LIMITS.outcome });
  const progressNote = get('progress') || undefined;
  if (progressNote && progressNote.length > LIMITS.note) problems.push({ code: 'line.too-long', what: 'progress', length: progressNote.length, limit: LIMITS.note });

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

