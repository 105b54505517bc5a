import { addDays, addMonths } from './calendar.js';
import { workingDayOnOrAfter, workingDayOnOrBefore, type Lead } from './action.js';

/**
 * The policy register (PM §10-11, Policy-ToR App1): each approved document with its version, owner,
 * approving committee and review date, which is no later than three years after approval (PM §10;
 * two in 2015). The document manager is reminded ahead of the review date; when it passes, the chair
 * of the Policy sub-group is told.
 */

export type PolicyStatus = 'current' | 'archived';

export interface PolicyChange {
  at: string;
  by: string;
  kind: 'imported' | 'reviewed';
  note?: string;
  version?: { from?: string; to: string };
  reviewDate?: { from?: string; to: string };
}

export interface PolicyDocument {
  id: string;
  ref: string;
  partnershipId: string;
  title: string;
  documentType?: string;
  version: string;
  /** A role or a sub-group (its chair). */
  owner: Lead;
  approvingBodyId: string;
  approvalDate: string;
  reviewDate: string;
  documentManager: Lead;
  sponsor?: string;
  /** A link to the published document; never a copy (domain.md §7). */
  url?: string;
  status: PolicyStatus;
  history: PolicyChange[];
  createdBy: string;
  createdAt: string;
  scheduleFrom: string;
  chasedThrough?: string;
  nextChaseOn?: string;
  etag?: string;
}

export interface PolicyRules {
  /** Review no later than this many years after approval. */
  reviewYears: number;
  /** Reminders to the document manager this many months before the review date. */
  reminderMonthsBefore: number[];
  /** "policies due" looks this many months ahead. */
  dueWithinMonths: number;
}

export const DEFAULT_POLICY_RULES: PolicyRules = { reviewYears: 3, reminderMonthsBefore: [3, 1], dueWithinMonths: 3 };

export const defaultReviewDate = (approvalDate: string, rules: PolicyRules = DEFAULT_POLICY_RULES) => addMonths(approvalDate, 12 * rules.reviewYears);

export type PolicyReminderKind = `review-${number}m` | 'review-overdue';

export interface PolicyReminder {
  kind: PolicyReminderKind;
  /** The review date it is about. */
  slot: string;
  fireOn: string;
  audience: 'document-manager' | 'policy-chair';
  monthsBefore?: number;
}

type ChaseFields = Pick<PolicyDocument, 'status' | 'reviewDate' | 'scheduleFrom' | 'chasedThrough'>;

const since = (p: ChaseFields) => (p.chasedThrough && p.chasedThrough >= p.scheduleFrom ? addDays(p.chasedThrough, 1) : p.scheduleFrom);

function schedule(p: ChaseFields, rules: PolicyRules): PolicyReminder[] {
  const ahead = [...rules.reminderMonthsBefore]
    .sort((a, b) => b - a)
    .map((n): PolicyReminder => ({
      kind: `review-${n}m`,
      slot: p.reviewDate,
      fireOn: workingDayOnOrBefore(addMonths(p.reviewDate, -n)),
      audience: 'document-manager',
      monthsBefore: n,
    }));
  // A document already overdue when it enters the register is escalated on its first working day there.
  const overdueFrom = addDays(p.reviewDate, 1) > p.scheduleFrom ? addDays(p.reviewDate, 1) : p.scheduleFrom;
  return [...ahead, { kind: 'review-overdue', slot: p.reviewDate, fireOn: workingDayOnOrAfter(overdueFrom), audience: 'policy-chair' }];
}

/** Reminders due on `day`: the latest of the advance reminders that applies, and the escalation once overdue. */
export function policyRemindersDue(p: ChaseFields, day: string, rules: PolicyRules = DEFAULT_POLICY_RULES): PolicyReminder[] {
  if (p.status !== 'current') return [];
  const from = since(p);
  const all = schedule(p, rules);
  const overdue = all.find((r) => r.kind === 'review-overdue')!;
  const out: PolicyReminder[] = [];
  const ahead = all.filter((r) => r.kind !== 'review-overdue' && r.fireOn <= day && day <= p.reviewDate);
  const latest = ahead[ahead.length - 1];
  if (latest && latest.fireOn >= from) out.push(latest);
  if (overdue.fireOn >= from && overdue.fireOn <= day) out.push(overdue);
  return out;
}

export function policyNextChaseOn(p: ChaseFields, day: string, rules: PolicyRules = DEFAULT_POLICY_RULES): string | undefined {
  if (p.status !== 'current') return undefined;
  return schedule(p, rules)
    .map((r) => r.fireOn)
    .filter((d) => d > day && d >= p.scheduleFrom)
    .sort()[0];
}

export function scheduledPolicy<T extends ChaseFields & { nextChaseOn?: string }>(
  p: T,
  day: string,
  rules: PolicyRules = DEFAULT_POLICY_RULES,
): T & { chasedThrough?: string; nextChaseOn?: string } {
  const fresh = { ...p, scheduleFrom: day, chasedThrough: undefined };
  return { ...fresh, nextChaseOn: policyNextChaseOn(fresh, addDays(day, -1), rules) };
}

export const isReviewOverdue = (p: Pick<PolicyDocument, 'status' | 'reviewDate'>, day: string) => p.status === 'current' && p.reviewDate < day;
