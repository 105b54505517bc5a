import { DomainError, forbidden } from '../errors.js';

/** The returns capability's refusals (Section 11 audits and data-set returns), worded once. */
export const returnsErrors = {
  notConfigured: () =>
    new DomainError('RETURNS.NOT_CONFIGURED', 'This partnership has no Section 11 framework or data set configured yet; the board manager adds them to its configuration.'),
  unknownRound: () => new DomainError('RETURN_ROUND.NOT_FOUND', 'There is no such round of returns.'),
  unknownReturn: () => new DomainError('RETURN.NOT_FOUND', 'There is no such return.'),
  notReturnLead: () => forbidden("Only the agency's return lead (its board member, their deputy or its named audit lead) can fill its return; nothing was saved."),
  matrixNotForYou: () => forbidden('The returns matrix is for the board, the QA sub-group, the chair and the board manager.'),
  submittedAlready: () => new DomainError('RETURN.SUBMITTED', 'This return has been submitted; only the board manager can reopen it.'),
  notSubmitted: () => new DomainError('RETURN.NOT_SUBMITTED', 'Only a submitted return can be reopened.'),
};
