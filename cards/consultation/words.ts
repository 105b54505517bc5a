import type { AnswerState, ConsultationKind, ConsultationStatus, DecisionOutcome } from '../../services/domain/consultation.js';
import type { ConsultationProblem } from '../../services/domain/consultation-outcomes.js';
import type { DecisionRule, DecisionThreshold, RoleCode } from '../../services/domain/directory.js';

/** The words of consultations and votes: labels, outcomes, problems, the C §4.10 citations. */

export const KIND_LABEL: Record<ConsultationKind, string> = { consultation: 'Consultation', decision: 'Vote' };

export const stateLabel = (s: AnswerState) => (s === 'agree' ? 'Agree' : s === 'disagree' ? 'Disagree' : 'No response');

const STATUS_LABEL: Record<ConsultationStatus, string> = {
  draft: 'Not sent',
  open: 'Open',
  'awaiting-casting-vote': 'Tied: waiting for the casting vote',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/** How people read a status, on every card. */
export const statusLabel = (status: ConsultationStatus) => STATUS_LABEL[status];

function thresholdText(t: DecisionThreshold): string {
  switch (t.kind) {
    case 'majority-of-votes-cast':
      return 'a majority of the votes cast';
    case 'majority-of-voting-agencies':
      return 'a majority of the voting agencies';
    case 'unanimity':
      return 'every voting agency';
    case 'at-least':
      return `at least ${t.count} for`;
  }
}

/** Where a rule comes from; Quorum's default rule (a body that sets none) says so after its citation. */
export const ruleSource = (rule: DecisionRule) => (rule.default ? `${rule.source} (default: a simple majority of votes cast)` : rule.source);

/** Where the casting vote comes from, the default's marked as such. */
export const castingSource = (rule: DecisionRule) => (rule.castingVote.default ? `${rule.castingVote.source} (default)` : rule.castingVote.source);

/** The outcome in words; under a body's rule, with the rule and where it comes from. */
export function outcomeText(o: DecisionOutcome, rule?: DecisionRule): string {
  const ofAgencies = o.voting !== undefined && rule !== undefined && rule.threshold.kind !== 'majority-of-votes-cast';
  const votes = `${o.for} for, ${o.against} against${ofAgencies ? `, ${o.voting} ${o.voting === 1 ? 'agency votes' : 'agencies vote'}` : ''}`;
  const basis = rule ? ` Rule: ${thresholdText(rule.threshold)} (${ruleSource(rule)}).` : '';
  switch (o.result) {
    case 'carried':
      return o.castingVote ? `Carried on the chair's casting vote (${votes}).${basis}` : `Carried (${votes}).${basis}`;
    case 'not carried':
      return o.castingVote ? `Not carried on the chair's casting vote (${votes}).${basis}` : `Not carried (${votes}).${basis}`;
    case 'tied':
      return `Tied (${votes}): waiting for the chair's casting vote.${basis}`;
    case 'not decided':
      return `Not decided (${votes}).${basis}${rule?.castingVote.holder === 'nobody' ? ` Nobody has a casting vote (${castingSource(rule)}).` : ''}${rule?.notDecidedRoute ? ` Next: ${rule.notDecidedRoute}.` : ''}`;
    case 'agreed by consensus':
      return `Agreed by consensus, without a vote.${rule?.consensusFirst ? ` Consensus first (${ruleSource(rule)}).` : ''}`;
    case 'no votes cast':
      return 'No votes were cast.';
  }
}

const NOTHING = ' Nothing was recorded.';

/** A problem with what was sent, in words; `bodyName` names a body by id. */
export function problemText(p: ConsultationProblem, bodyName: (id: string) => string): string {
  switch (p.code) {
    case 'missing':
      return {
        title: 'Give the consultation a title.',
        ask: 'Say what the body is asked to do.',
        bodyId: 'Choose the body to consult.',
        deadlineDate: 'Choose a deadline date.',
        reason: `Please give a reason to disagree.${NOTHING}`,
        comment: `Write a comment first.${NOTHING}`,
        referReason: `Give your reason for referring the decision.${NOTHING}`,
      }[p.field];
    case 'too-long': {
      const lengths = `${p.length} characters; the limit is ${p.limit}.`;
      return {
        title: `The title is ${lengths}`,
        ask: `What is asked is ${lengths}`,
        reason: `Your reason is ${lengths}${NOTHING}`,
        comment: `Your comment is ${lengths}${NOTHING}`,
        referReason: `Your reason is ${lengths}${NOTHING}`,
      }[p.field];
    }
    case 'not-https':
      return 'The document link must be an https:// address.';
    case 'body-not-allowed':
      return `You cannot send to ${bodyName(p.bodyId)}: only its chair or the board manager can.`;
    case 'deadline-too-soon':
      return 'The deadline must be at least an hour from now.';
    case 'unknown-agencies':
      return `Unknown agencies: ${p.agencyIds.join(', ')}.`;
  }
}

/** Why a seat that speaks for no agency cannot vote, by its roles. */
function noVoteBecause(roles: readonly RoleCode[]): string {
  if (roles.includes('BS')) return 'your seat is board support';
  if (roles.includes('SA') || roles.includes('A')) return 'your seat is an advisory one';
  if (roles.includes('PO')) return 'your seat is a participant observer';
  return 'your seat does not speak for an agency';
}

/** C §4.10, said plainly to a person asked to vote who holds no vote. */
export function cannotVoteText(roles: readonly RoleCode[]): string {
  return `You cannot vote on this: ${noVoteBecause(roles)}. Under C §4.10 there is one vote per agency, cast by its voting member, and participant observers, advisors and board support do not vote.`;
}

/** An agency seat that answers but does not vote, or an advisory seat. */
export const nonAnsweringNote = (kind: ConsultationKind) =>
  kind === 'decision'
    ? 'Your seat does not vote (C §4.10): one vote per agency, and participant observers, advisors and board support do not vote. You can comment.'
    : 'Your seat is advisory, so it does not answer for the agency. You can comment.';
