/**
 * Reading the policy register from CSV (the policy front sheet, PM §10-11): all or nothing, every problem with its
 * line, as a code and its facts (cards/policy/problems.ts words them).
 */
import { cell, readTable } from './csv.js';
import { findBody, parseLead, type Lead } from './action.js';
import type { Directory } from './directory.js';
import { defaultReviewDate, DEFAULT_POLICY_RULES, type PolicyDocument, type PolicyRules } from './policy-document.js';
import { bodyIds, parseDateText, type ImportResult } from './register-cells.js';

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

/** What is wrong with one row of the policy register. */
export type PolicyRowProblem =
  | { code: 'line.no-title' }
  | { code: 'line.too-long'; what: 'title'; length: number; limit: number }
  | { code: 'line.title-repeated'; title: string; firstLine: number }
  | { code: 'line.title-in-register'; title: string }
  | { code: 'line.no-version' }
  | { code: 'line.longer-than'; what: 'version' | 'document-type' | 'sponsor'; limit: number }
  | { code: 'line.unknown-committee'; text: string; bodies: string[] }
  | { code: 'line.not-a-date'; what: 'approval' | 'review'; text: string }
  | { code: 'line.approval-future'; date: string }
  | { code: 'line.review-not-after'; review: string; approval: string }
  | { code: 'line.review-too-late'; review: string; years: number; latest: string }
  | { code: 'line.unknown-manager'; text: string }
  | { code: 'line.manager-agency' }
  | { code: 'line.unknown-owner'; text: string }
  | { code: 'line.url' };

export function readPolicyCsv(csv: string, ctx: PolicyImportContext): ImportResult<PolicyDraft, PolicyRowProblem> {
  const rules = ctx.rules ?? DEFAULT_POLICY_RULES;
  const read = readTable<PolicyColumn>(csv, POLICY_COLUMNS, ['title', 'version', 'committee', 'approval', 'manager']);
  const { table } = read;
  const errors: ImportResult<PolicyDraft, PolicyRowProblem>['errors'] = read.errors;
  if (!table) return { rows: [], errors, ignoredColumns: [] };
  const rows: PolicyDraft[] = [];
  const titles = new Map<string, number>();
  for (const row of table.rows) {
    const get = (k: PolicyColumn) => cell(table, row, k);
    const problems: PolicyRowProblem[] = [];
    const title = get('title');
    if (!title) problems.push({ code: 'line.no-title' });
    if (title.length > POLICY_LIMITS.title) problems.push({ code: 'line.too-long', what: 'title', length: title.length, limit: POLICY_LIMITS.title });
    const key = title.toLowerCase();
    if (title && titles.has(key)) problems.push({ code: 'line.title-repeated', title, firstLine: titles.get(key)! });
    else if (title) titles.set(key, row.line);
    if (title && ctx.existingTitles?.has(key)) problems.push({ code: 'line.title-in-register', title });

    const version = get('version');
    if (!version) problems.push({ code: 'line.no-version' });
    if (version.length > POLICY_LIMITS.version) problems.push({ code: 'line.longer-than', what: 'version', limit: POLICY_LIMITS.version });

    const committeeText = get('committee');
    const committee = committeeText ? findBody(committeeText, ctx.directory) : undefined;
    if (!committee) problems.push({ code: 'line.unknown-committee', text: committeeText, bodies: bodyIds(ctx.directory) });

    const approvalText = get('approval');
    const approvalDate = parseDateText(approvalText);
    if (!approvalDate) problems.push({ code: 'line.not-a-date', what: 'approval', text: approvalText });
    else if (approvalDate > ctx.today) problems.push({ code: 'line.approval-future', date: approvalDate });

    const reviewText = get('review');
    let reviewDate = approvalDate ? defaultReviewDate(approvalDate, rules) : undefined;
    if (reviewText) {
      reviewDate = parseDateText(reviewText);
      if (!reviewDate) problems.push({ code: 'line.not-a-date', what: 'review', text: reviewText });
      else if (approvalDate && reviewDate <= approvalDate) problems.push({ code: 'line.review-not-after', review: reviewDate, approval: approvalDate });
      else if (approvalDate && reviewDate > defaultReviewDate(approvalDate, rules)) {
        problems.push({ code: 'line.review-too-late', review: reviewDate, years: rules.reviewYears, latest: defaultReviewDate(approvalDate, rules) });
      }
    }

    const managerText = get('manager');
    const documentManager = managerText ? parseLead(managerText, ctx.directory) : undefined;
    if (!documentManager) problems.push({ code: 'line.unknown-manager', text: managerText });
    else if (documentManager.kind === 'agency') problems.push({ code: 'line.manager-agency' });

    const ownerText = get('owner');
    const owner = ownerText ? parseLead(ownerText, ctx.directory) : committee ? ({ kind: 'role', office: 'chair', bodyId: committee.id } as Lead) : undefined;
    if (ownerText && !owner) problems.push({ code: 'line.unknown-owner', text: ownerText });

    const url = get('url') || undefined;
    if (url && (!/^https:\/\/\S+$/i.test(url) || url.length > POLICY_LIMITS.url)) problems.push({ code: 'line.url' });
    const documentType = get('type') || undefined;
    const sponsor = get('sponsor') || undefined;
    for (const [what, value] of [['document-type', documentType], ['sponsor', sponsor]] as const) {
      if (value && value.length > POLICY_LIMITS.text) problems.push({ code: 'line.longer-than', what, limit: POLICY_LIMITS.text });
    }

    for (const problem of problems) errors.push({ ...problem, line: row.line });
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
