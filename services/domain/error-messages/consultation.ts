import type { Consultation } from '../consultation.js';
import type { RoleCode } from '../directory-model.js';
import { DomainError, forbidden } from '../errors.js';

/** The consultation capability's refusals, worded once; the use cases throw these. */
export const consultationErrors = {
  unknown: () => new DomainError('CONSULTATION.NOT_FOUND', 'I could not find that consultation. It may belong to another partnership, or have been removed.'),
  unknownRef: (ref: string) =>
    new DomainError('CONSULTATION.NOT_FOUND', 'There is no consultation with that reference. Say "consultations" to see the open ones.', { ref }),
  noneYet: () => new DomainError('CONSULTATION.NOT_FOUND', 'There are no consultations yet.'),
  /** Too late to answer or comment; the presenter words it with the title and the deadline it carries. */
  closed: (c: Pick<Consultation, 'title' | 'deadline'>) =>
    new DomainError('CONSULTATION.CLOSED', 'This has closed. Your answer was not recorded and nothing was changed.', { title: c.title, deadline: c.deadline }),
  answerBusy: () => new DomainError('CONSULTATION.BUSY', 'Several people answered at the same moment; please try again.'),
  notAsked: () => new DomainError('CONSULTATION.NOT_ASKED', 'Your agency was not asked to answer this one.'),
  notAskedToComment: () => new DomainError('CONSULTATION.NOT_ASKED', 'Your agency was not asked about this one.'),
  onlySenders: () => forbidden('Only the board manager or the chair of a body can send consultations and votes.'),
  onlyTally: () => forbidden('Only the board manager and the chairs can see the tally.'),
  bodyGone: (title: string) => new DomainError('BODY.NOT_FOUND', `The body of "${title}" no longer exists in the directory.`),
  notAMember: (bodyName: string) => forbidden(`You are not a member of ${bodyName}, so you cannot answer this.`),
  notOnBodyForAgency: (bodyName: string) => forbidden(`You do not sit on ${bodyName} for that agency, so you cannot answer for it.`),
  /** The presenter words it from the roles it carries. */
  noVote: (roles: RoleCode[]) => new DomainError('CONSULTATION.NO_VOTE', 'Your seat does not vote (C §4.10). Nothing was recorded.', { roles }),
  seatCannotAnswer: (kind: Consultation['kind']) =>
    forbidden(
      kind === 'decision'
        ? 'Your seat does not vote (C §4.10: one vote per agency; participant observers, advisors and board support do not vote). You can still comment.'
        : 'Your seat is an advisory one, so it does not answer for the agency. You can still comment.',
    ),
  onlyMembersComment: () => forbidden('Only members of the body can comment.'),
  draftCancelled: () => new DomainError('CONSULTATION.CANCELLED', 'This draft was cancelled; nothing was sent.'),
  draftDeadlinePassed: () => new DomainError('CONSULTATION.DEADLINE_PASSED', 'The deadline of this draft has passed; start again with "consult".'),
  alreadySent: () => new DomainError('CONSULTATION.ALREADY_SENT', 'This has been sent already and cannot be cancelled from here.'),
  nobodyCasts: (bodyName: string, source: string) => forbidden(`Nobody holds a casting vote on ${bodyName} (${source}).`),
  onlyChairCasts: () => forbidden('Only the chair holds the casting vote.'),
  notTied: () => new DomainError('CONSULTATION.NOT_TIED', 'This vote is not waiting for a casting vote.'),
  noConsensusRule: (bodyName: string) =>
    new DomainError('CONSULTATION.NO_CONSENSUS_RULE', `${bodyName} does not record decisions by consensus; the vote is counted at the deadline.`),
  consensusTooLate: () => new DomainError('CONSULTATION.NOT_OPEN', 'This vote is no longer open, so it can no longer be recorded as agreed by consensus.'),
  noReferralRoute: (bodyName: string) => new DomainError('CONSULTATION.NO_REFERRAL', `The rules of ${bodyName} give no route to refer a decision.`),
  notReferable: () => new DomainError('CONSULTATION.NOT_REFERABLE', 'Only a decision that was carried can be referred.'),
  onlyDissentersRefer: () => forbidden('Only a member whose agency voted against the decision can refer it.'),
  onlyReferee: () => forbidden('Only the one a decision was referred to can record a view on it.'),
  viewEmpty: () => new DomainError('CONSULTATION.VIEW_EMPTY', 'Write your view first. Nothing was recorded.'),
  viewTooLong: (length: number, limit: number) =>
    new DomainError('CONSULTATION.VIEW_TOO_LONG', `Your view is ${length} characters; the limit is ${limit}. Nothing was recorded.`),
};
