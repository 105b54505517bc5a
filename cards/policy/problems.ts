import type { PolicyRowProblem } from '../../services/domain/policy-register-import.js';
import { lineText } from '../action/problems.js';

/** The words of the policy register's row problems (after "Line N: "). */

const LONGER: Record<Extract<PolicyRowProblem, { code: 'line.longer-than' }>['what'], string> = {
  version: 'the version',
  'document-type': 'the document type',
  sponsor: 'the sponsor',
};

export function policyRowText(p: PolicyRowProblem): string {
  switch (p.code) {
    case 'line.no-title':
      return 'the document has no title.';
    case 'line.too-long':
      return `the title is ${p.length} characters; the limit is ${p.limit}.`;
    case 'line.title-repeated':
      return `"${p.title}" is also on line ${p.firstLine}.`;
    case 'line.title-in-register':
      return `"${p.title}" is already in the register; record its review instead.`;
    case 'line.no-version':
      return 'no version number.';
    case 'line.longer-than':
      return `${LONGER[p.what]} is longer than ${p.limit} characters.`;
    case 'line.unknown-committee':
      return `"${p.text}" is not one approving body of this partnership (use one of: ${p.bodies.join(', ')}).`;
    case 'line.not-a-date':
      return `the ${p.what} date "${p.text}" is not a date.`;
    case 'line.approval-future':
      return `the approval date ${p.date} is in the future.`;
    case 'line.review-not-after':
      return `the review date ${p.review} is not after the approval date ${p.approval}.`;
    case 'line.review-too-late':
      return `the review date ${p.review} is more than ${p.years} years after approval; review no later than ${p.latest} (PM §10).`;
    case 'line.unknown-manager':
      return `the document manager "${p.text}" is not a seat or a role in the directory.`;
    case 'line.manager-agency':
      return 'the document manager must be a seat or a role, not an agency.';
    case 'line.unknown-owner':
      return `the owner "${p.text}" is not a role or a sub-group in the directory.`;
    case 'line.url':
      return 'the website location must be an https:// address.';
  }
}

const POLICY_ROW_CODES = new Set<string>([
  'line.no-title', 'line.too-long', 'line.title-repeated', 'line.title-in-register', 'line.no-version', 'line.longer-than',
  'line.unknown-committee', 'line.not-a-date', 'line.approval-future', 'line.review-not-after', 'line.review-too-late',
  'line.unknown-manager', 'line.manager-agency', 'line.unknown-owner', 'line.url',
]);

/** A policy register's line problem in words, with its "Line N: ". */
export function policyProblemText(p: { code: string; line?: unknown }): string {
  const text = lineText<PolicyRowProblem>(p, (r) => (POLICY_ROW_CODES.has(r.code) ? policyRowText(r) : undefined));
  return text === undefined ? 'That could not be accepted.' : `Line ${String(p.line)}: ${text}`;
}
