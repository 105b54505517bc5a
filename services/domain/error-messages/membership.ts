import { DomainError, forbidden } from '../errors.js';
import type { MembershipProblem } from '../membership-problems.js';
import type { ConfigProblem } from '../partnership-problems.js';

/** The refusals of the partnership's membership and directory (set-up, edits, imports), worded once. */
export const membershipErrors = {
  unknownPartnership: (partnershipId: string) => new DomainError('PARTNERSHIP.NOT_FOUND', `There is no partnership "${partnershipId}".`),
  noLongerStored: () => new DomainError('PARTNERSHIP.NOT_FOUND', 'Your partnership is no longer stored.'),
  nothingToExport: () => new DomainError('PARTNERSHIP.NOT_FOUND', 'There is no membership to export yet: set up the partnership first.'),
  askManager: () => forbidden('The partnership has been set up: ask its board manager to add you.'),
  /** A first-run step by someone the partnership already knows. */
  setupOver: () => forbidden('The partnership is set up already.'),
  setUpAlready: () => membershipErrors.invalid([{ field: 'name', code: 'edit.set-up-already' }]),
  changed: () =>
    new DomainError('MEMBERSHIP.CHANGED', 'Someone else changed the membership since you opened it. Reload to see their change, then make yours again.'),
  /** Each problem is data (`details.problems`); the Members API words them (cards/membership/problems.ts). */
  invalid: (problems: MembershipProblem[]) =>
    new DomainError(
      'MEMBERSHIP.INVALID',
      problems.length === 1 ? 'The membership has a problem; it is shown by its field.' : `The membership has ${problems.length} problems; each is shown by its field.`,
      { problems },
    ),
  seatNotOnBody: () => new DomainError('SEAT.NOT_FOUND', 'That seat is not on this body (it may have ended).'),
  /**
   * The problems are data (`details.problems`, coded at their paths); the message only counts them. Whoever shows
   * them words them (cards/membership/config-problem-words.ts `invalidConfigurationText`).
   */
  invalidConfiguration: (problems: ConfigProblem[]) =>
    new DomainError('PARTNERSHIP.INVALID', `The partnership configuration is invalid (${problems.length === 1 ? '1 problem' : `${problems.length} problems`}).`, { problems }),
};
