/** Reading the policy register from CSV (the policy front sheet, PM §10-11): all or nothing, every problem with its line. */
import { cell, readTable } from './csv.js';
import { findBody, parseLead, type Lead } from './action.js';
import type { Directory } from './directory.js';
import { defaultReviewDate, DEFAULT_POLICY_RULES, type PolicyDocument, type PolicyRules } from './policy-document.js';
import { bodyHint, parseDateText, type ImportResult } from './register-cells.js';


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
