import type { Actor } from '../directory/index.js';
import { londonDate } from '../domain/calendar.js';
import { policyErrors } from '../domain/error-messages/policy.js';
import { defaultReviewDate, scheduledPolicy, type PolicyDocument } from '../domain/policy-document.js';
import { parseDateText } from '../domain/register-import.js';
import type { Problem } from '../action/support.js';
import type { PolicyViewer } from '../ports/actions.js';
import type { PolicyPorts } from './support.js';
import { canRecordReview, changePolicy, requirePolicy, rulesOf, viewerOf } from './support.js';

export type ReviewOutcome = { policy: PolicyDocument; viewer: PolicyViewer; today: string } & (
  | { kind: 'reviewed'; version: string; reviewDate: string }
  | { kind: 'rejected'; problems: Problem[] }
);

/** Records a review: the new version and approval date; the review date defaults to the longest allowed (PM §10). */
export function recordReviewUseCases(ports: Pick<PolicyPorts, 'repo' | 'audit' | 'clock' | 'rules'>) {
  const rules = rulesOf(ports);

  async function recordReview(actor: Actor, input: { policyId: string; version?: string; approvalDate?: string; reviewDate?: string }): Promise<ReviewOutcome> {
    const d = actor.directory;
    const p = await requirePolicy(ports.repo, d, input.policyId);
    if (!canRecordReview(d, p, actor.person.id)) throw policyErrors.cannotRecordReview();
    const today = londonDate(ports.clock.now());
    const rejected = (problem: Problem): ReviewOutcome => ({ kind: 'rejected', problems: [problem], policy: p, viewer: viewerOf(d, p, actor.person.id), today });
    const version = input.version?.trim() ?? '';
    if (!version || version.length > 20) return rejected({ code: 'version.missing', field: 'version', limit: 20 });
    const approvalDate = input.approvalDate ? parseDateText(input.approvalDate) : undefined;
    if (!approvalDate) return rejected({ code: 'approval.missing', field: 'approvalDate' });
    if (approvalDate > today) return rejected({ code: 'approval.future', field: 'approvalDate', approvalDate });
    const latest = defaultReviewDate(approvalDate, rules);
    const reviewDate = input.reviewDate ? parseDateText(input.reviewDate) : latest;
    if (!reviewDate) return rejected({ code: 'review.not-a-date', field: 'reviewDate' });
    if (reviewDate <= today) return rejected({ code: 'review.not-after-today', field: 'reviewDate', reviewDate });
    if (reviewDate > latest) return rejected({ code: 'review.too-late', field: 'reviewDate', latest, reviewYears: rules.reviewYears });
    const at = ports.clock.now().toISOString();
    const stored = await changePolicy(ports.repo, p, (x) =>
      x.version === version && x.approvalDate === approvalDate && x.reviewDate === reviewDate
        ? x
        : scheduledPolicy(
            {
              ...x,
              version,
              approvalDate,
              reviewDate,
              history: [...x.history, { at, by: actor.person.id, kind: 'reviewed', version: { from: x.version, to: version }, reviewDate: { from: x.reviewDate, to: reviewDate } }],
            },
            today,
            rules,
          ),
    );
    await ports.audit.record({ partnershipId: p.partnershipId, at, actor: actor.person.id, action: 'policy.review', subject: p.id, after: { version, approvalDate, reviewDate } });
    return { kind: 'reviewed', version, reviewDate, policy: stored, viewer: viewerOf(d, stored, actor.person.id), today };
  }

  return { recordReview };
}
