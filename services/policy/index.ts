import { annualReportUseCases } from './annual-report.js';
import { importPolicyUseCases } from './import-policies.js';
import { policyQueries } from './policy-queries.js';
import { recordReviewUseCases } from './record-review.js';
import { reviewReminderUseCases } from './review-reminders.js';
import type { PolicyPorts } from './support.js';

export type { PolicyPorts } from './support.js';
export { ANNUAL_REPORT_SHOWN, policyBody } from './support.js';
export type { PolicyImportForm, PolicyImportOutcome } from './import-policies.js';
export type { PoliciesDue, PolicyShown } from './policy-queries.js';
export type { ReviewOutcome } from './record-review.js';

/**
 * The policy register (PM §10-11): imported from CSV by the board manager, listed by "policies due",
 * a review recorded from the card; review reminders and the annual report to the board are its jobs.
 */
export function policyUseCases(ports: PolicyPorts) {
  return {
    ...importPolicyUseCases(ports),
    ...policyQueries(ports),
    ...recordReviewUseCases(ports),
    ...reviewReminderUseCases(ports),
    ...annualReportUseCases(ports),
  };
}

export type PolicyUseCases = ReturnType<typeof policyUseCases>;
