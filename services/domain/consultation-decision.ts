import { chairSeatOf, type Body, type DecisionRule } from './directory.js';
import type { AgencyAnswer, Choice, DecisionOutcome } from './consultation.js';

/** Votes: one per agency among voting seats, by the body's rule, with the casting vote on a tie (C §4.10, App3). */

/** The rule a body decides by: its own, else a simple majority of votes cast and the chair's casting vote (domain.md §3). */
export function decisionRuleOf(body: Body): DecisionRule {
  if (body.decision) return body.decision;
  const independent = body.seats.some((s) => s.office === 'independent-chair');
  return {
    threshold: { kind: 'majority-of-votes-cast' },
    source: 'domain.md §3',
    default: true,
    castingVote: independent ? { holder: 'independent-chair', source: 'C App3' } : { holder: 'chair', source: 'domain.md §3', default: true },
  };
}

/**
 * The outcome of a vote, one vote per agency, by the body's rule. What the threshold neither carries
 * nor rejects is "not decided", unless it is a tie and the rule gives someone the casting vote, which
 * then decides it. Without a rule: a simple majority of votes cast, a tie awaiting the casting vote.
 */
export function decide(answers: AgencyAnswer[], castingVote?: Choice, rule?: DecisionRule): DecisionOutcome {
  const voters = answers.filter((a) => a.votes);
  const cast = voters.filter((a) => a.choice !== 'none');
  const votesFor = cast.filter((a) => a.choice === 'agree').length;
  const against = cast.filter((a) => a.choice === 'disagree').length;
  const counted = { for: votesFor, against, ...(rule ? { voting: voters.length } : {}) };
  if (cast.length === 0) return { ...counted, result: 'no votes cast' };
  const threshold = rule?.threshold ?? { kind: 'majority-of-votes-cast' };
  const n = voters.length;
  let carried: boolean;
  let rejected: boolean;
  switch (threshold.kind) {
    case 'majority-of-votes-cast':
      carried = votesFor > against;
      rejected = against > votesFor;
      break;
    case 'majority-of-voting-agencies': {
      const majority = Math.floor(n / 2) + 1;
      carried = votesFor >= majority;
      rejected = against >= majority;
      break;
    }
    case 'unanimity':
      carried = votesFor === n;
      rejected = against > 0;
      break;
    case 'at-least':
      carried = votesFor >= threshold.count;
      rejected = n - against < threshold.count;
      break;
  }
  if (carried) return { ...counted, result: 'carried' };
  if (rejected) return { ...counted, result: 'not carried' };
  if (votesFor === against && rule?.castingVote.holder !== 'nobody') {
    if (!castingVote) return { ...counted, result: 'tied' };
    return { ...counted, castingVote, result: castingVote === 'agree' ? 'carried' : 'not carried' };
  }
  return { ...counted, result: 'not decided' };
}

/** The person with the casting vote under the body's rule: nobody, the independent chair, or whoever chairs the body (C App3). */
export function castingVoter(body: Body, rule: DecisionRule = decisionRuleOf(body)): string | undefined {
  switch (rule.castingVote.holder) {
    case 'nobody':
      return undefined;
    case 'independent-chair':
      return body.seats.find((s) => s.office === 'independent-chair' && s.holderId)?.holderId;
    case 'chair':
      return chairSeatOf(body)?.holderId;
  }
}
