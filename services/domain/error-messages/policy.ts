import { DomainError, forbidden } from '../errors.js';

/** The policy register's refusals, worded once; the use cases throw these. */
export const policyErrors = {
  unknown: () => new DomainError('POLICY.NOT_FOUND', 'I could not find that document in the policy register. Say "policies due" to see the register.'),
  cannotRecordReview: () => forbidden('Only the board manager or the document manager can record a review.'),
};
