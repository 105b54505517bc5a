import { openRound } from './open-round.js';
import { evaluateReturn, planPeerReviews } from './peer-review.js';
import { reopenReturn } from './reopen-return.js';
import { remindReturns } from './remind-returns.js';
import { returnsQueries } from './returns-queries.js';
import { saveDraft } from './save-draft.js';
import { submitReturn } from './submit-return.js';
import { summariseRounds } from './summarise-round.js';
import type { ReturnsPorts } from './support.js';

export type { ReturnsPorts } from './support.js';
export type { EvaluateOutcome, PlanReviewsOutcome, PlannedReview } from './peer-review.js';

/** Agency returns (issue #20): the one builder the composition root and the tests both call. */
export function returnsUseCases(ports: ReturnsPorts) {
  return {
    openRound: openRound(ports),
    saveDraft: saveDraft(ports),
    submitReturn: submitReturn(ports),
    reopenReturn: reopenReturn(ports),
    remind: remindReturns(ports),
    summarise: summariseRounds(ports),
    planPeerReviews: planPeerReviews(ports),
    evaluateReturn: evaluateReturn(ports),
    ...returnsQueries(ports),
  };
}

export type ReturnsUseCases = ReturnType<typeof returnsUseCases>;
