import { parseDate } from './calendar.js';
import { cell, readTable, type CsvRecord, type CsvTable, type LineError } from './csv.js';
import {
  ACTION_SOURCES,
  findBody,
  LIMITS,
  parseLead,
  type ActionSource,
  type Lead,
  type Rag,
} from './action.js';
import type { Directory } from './directory.js';
import { defaultReviewDate, DEFAULT_POLICY_RULES, type PolicyDocument, type PolicyRules } from './policy-document.js';

/**
 * Reading the action register and the policy register from CSV (columns as in the business plan,
 * the sub-group work plans and the policy front sheet). A file is all or nothing: every row is
 * checked first and every problem is reported with its line, so a bad row stores nothing.
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const pad = (n: number) => String(n).padStart(2, '0');
const validDate = (y: number, m: number, d: number): string | undefined => {
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  try {
    parseDate(iso);
    return iso;
  } catch {
    return undefined;
  }
};
const monthIndex = (word: string) => {
  const w = word.toLowerCase();
  const i = MONTHS.findIndex((m) => m === w || (w.length >= 3 && m.startsWith(w)));
  return i < 0 ? undefined : i + 1;
};

/**
 * A date as registers write it: 2026-12-04, 4/12/2026 (UK order), 4 December 2026, or a month
 * ("January 2019", meaning by the end of that month).
 */
export function parseDateText(text: string): string | undefined {
  const t = text.trim().replace(/(\d)(st|nd|rd|th)\b/gi, '$1');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(t);
  if (m) return validDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(t);
  if (m) {
    const month = monthIndex(m[2]!);
    return month ? validDate(Number(m[3]), month, Number(m[1])) : undefined;
  }
  m = /^([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(t);
  if (m) {
    const month = monthIndex(m[1]!);
    return month ? lastDayOf(Number(m[2]), month) : undefined;
  }
  return undefined;
}

const lastDayOf = (year: number, month: number) => `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;

export function parseYesNo(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (['', 'no', 'n', 'false', '0'].includes(t)) return t === '' ? undefined : false;
  if (['yes', 'y', 'true', '1'].includes(t)) return true;
  return undefined;
}

export function parseRag(text: string): Rag | 'blue' | undefined {
  const t = text.trim().toLowerCase();
  if (['r', 'red'].includes(t)) return 'red';
  if (['a', 'amber'].includes(t)) return 'amber';
  if (['g', 'green'].includes(t)) return 'green';
  if (['c', 'complete', 'completed', 'done'].includes(t)) return 'complete';
  if (['b', 'blue'].includes(t)) return 'blue';
  return undefined;
}

export function parseSource(text: string): ActionSource | undefined {
  const t = text.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (t === 'meeting-action-log' || t === 'action-log' || t === 'minutes') return 'meeting';
  if (t === 'bp') return 'business-plan';
  return (ACTION_SOURCES as readonly string[]).includes(t) ? (t as ActionSource) : undefined;
}

/** Several entries in one cell, separated by semicolons or line breaks. */
const entries = (text: string) =>
  text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** People named as viewers: a person id, a seat id (its holder) or a display name. */
export function parsePerson(text: string, directory: Directory): string | undefined {
  const t = text.trim();
  if (directory.person(t)) return t;
  for (const b of directory.bodies) {
    const seat = b.seats.find((s) => s.id === t);
    if (seat) return seat.holderId;
  }
  const n = t.toLowerCase();
  const named = directory.partnership.people.filter((p) => p.displayName.toLowerCase() === n);
  return named.length === 1 ? named[0]!.id : undefined;
}

// ----- actions -----

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

export interface ImportResult<T> {
  rows: T[];
  errors: LineError[];
  ignoredColumns: string[];
}

const bodyHint = (directory: Directory) => directory.bodies.map((b) => b.id).join(', ');

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

// ----- policies -----

export const POLICY_COLUMNS = {
  title: ['document', 'title', 'documenttitle', 'policy', 'name', 'reference'],
  version: ['versionnumber', 'version'],
  committee: ['approvingcommittee', 'committee', 'approvedby'],
  approval: ['dateofapproval', 'approvaldate', 'approved', 'dateapproved'],
  manager: ['documentmanager', 'manager'],
  review: ['documentreviewdate', 'reviewdate', 'review', 'reviewby'],
  owner: ['owner', 'documentowner'],
  type: ['documenttype', 'type'],
  sponsor: ['documentsponsor', 'sponsor'],
  url: ['websitelocation', 'website', 'url', 'link'],
} as const;
type PolicyColumn = keyof typeof POLICY_COLUMNS;

/** A policy-register row, checked, before it is stored. */
export type PolicyDraft = Pick<
  PolicyDocument,
  'title' | 'documentType' | 'version' | 'owner' | 'approvingBodyId' | 'approvalDate' | 'reviewDate' | 'documentManager' | 'sponsor' | 'url'
> & { line: number };

export const POLICY_LIMITS = { title: 300, version: 20, text: 200, url: 1000 } as const;

export interface PolicyImportContext {
  directory: Directory;
  today: string;
  rules?: PolicyRules;
  /** Titles (lower case) already in the register, current. */
  existingTitles?: Set<string>;
}

export function readPolicyCsv(csv: string, ctx: PolicyImportContext): ImportResult<PolicyDraft> {
  const rules = ctx.rules ?? DEFAULT_POLICY_RULES;
  const { table, errors } = readTable<PolicyColumn>(csv, POLICY_COLUMNS, ['title', 'version', 'committee', 'approval', 'manager']);
  if (!table) return { rows: [], errors, ignoredColumns: [] };
  const rows: PolicyDraft[] = [];
  const titles = new Map<string, number>();
  for (const row of table.rows) {
    const get = (k: PolicyColumn) => cell(table, row, k);
    const problems: string[] = [];
    const title = get('title');
    if (!title) problems.push('the document has no title.');
    if (title.length > POLICY_LIMITS.title) problems.push(`the title is ${title.length} characters; the limit is ${POLICY_LIMITS.title}.`);
    const key = title.toLowerCase();
    if (title && titles.has(key)) problems.push(`"${title}" is also on line ${titles.get(key)}.`);
    else if (title) titles.set(key, row.line);
    if (title && ctx.existingTitles?.has(key)) problems.push(`"${title}" is already in the register; record its review instead.`);

    const version = get('version');
    if (!version) problems.push('no version number.');
    if (version.length > POLICY_LIMITS.version) problems.push(`the version is longer than ${POLICY_LIMITS.version} characters.`);

    const committeeText = get('committee');
    const committee = committeeText ? findBody(committeeText, ctx.directory) : undefined;
    if (!committee) problems.push(`"${committeeText}" is not one approving body of this partnership (use one of: ${bodyHint(ctx.directory)}).`);

    const approvalText = get('approval');
    const approvalDate = parseDateText(approvalText);
    if (!approvalDate) problems.push(`the approval date "${approvalText}" is not a date.`);
    else if (approvalDate > ctx.today) problems.push(`the approval date ${approvalDate} is in the future.`);

    const reviewText = get('review');
    let reviewDate = approvalDate ? defaultReviewDate(approvalDate, rules) : undefined;
    if (reviewText) {
      reviewDate = parseDateText(reviewText);
      if (!reviewDate) problems.push(`the review date "${reviewText}" is not a date.`);
      else if (approvalDate && reviewDate <= approvalDate) problems.push(`the review date ${reviewDate} is not after the approval date ${approvalDate}.`);
      else if (approvalDate && reviewDate > defaultReviewDate(approvalDate, rules)) {
        problems.push(`the review date ${reviewDate} is more than ${rules.reviewYears} years after approval; review no later than ${defaultReviewDate(approvalDate, rules)} (PM §10).`);
      }
    }

    const managerText = get('manager');
    const documentManager = managerText ? parseLead(managerText, ctx.directory) : undefined;
    if (!documentManager) problems.push(`the document manager "${managerText}" is not a seat or a role in the directory.`);
    else if (documentManager.kind === 'agency') problems.push('the document manager must be a seat or a role, not an agency.');

    const ownerText = get('owner');
    const owner = ownerText ? parseLead(ownerText, ctx.directory) : committee ? ({ kind: 'role', office: 'chair', bodyId: committee.id } as Lead) : undefined;
    if (ownerText && !owner) problems.push(`the owner "${ownerText}" is not a role or a sub-group in the directory.`);

    const url = get('url') || undefined;
    if (url && (!/^https:\/\/\S+$/i.test(url) || url.length > POLICY_LIMITS.url)) problems.push('the website location must be an https:// address.');
    const documentType = get('type') || undefined;
    const sponsor = get('sponsor') || undefined;
    for (const [name, value] of [['document type', documentType], ['sponsor', sponsor]] as const) {
      if (value && value.length > POLICY_LIMITS.text) problems.push(`the ${name} is longer than ${POLICY_LIMITS.text} characters.`);
    }

    for (const message of problems) errors.push({ line: row.line, message });
    if (problems.length || !committee || !approvalDate || !reviewDate || !documentManager || !owner) continue;
    rows.push({
      line: row.line,
      title,
      documentType,
      version,
      owner,
      approvingBodyId: committee.id,
      approvalDate,
      reviewDate,
      documentManager,
      sponsor,
      url,
    });
  }
  return errors.length ? { rows: [], errors, ignoredColumns: table.ignored } : { rows, errors, ignoredColumns: table.ignored };
}
