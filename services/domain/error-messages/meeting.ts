import { DomainError, forbidden } from '../errors.js';
import { formatLondon } from '../format.js';

/**
 * The meeting capability's refusals, worded once: the use cases throw these, the adapters read the
 * code and show the words (domain.md §4).
 */
export const meetingErrors = {
  cannotSchedule: () => forbidden('Only the board manager or the chair of a body can add meetings.'),
  cannotBrief: () => forbidden("Only the chair of a body and the board manager get the chair's brief."),
  notHolder: (seatTitle: string) => forbidden(`Only the holder of "${seatTitle}" can answer for it; nothing was recorded.`),
  unreadableForm: () => new DomainError('INPUT.INVALID', 'That form could not be read; nothing was stored. Say "meeting" for a new one.'),
  unknownMeeting: () => new DomainError('MEETING.NOT_FOUND', 'I could not find that meeting. It may belong to another partnership, or have been removed.'),
  unknownReview: () => new DomainError('REVIEW.NOT_FOUND', 'I could not find that absence review.'),
  bodyGone: (bodyId: string) => new DomainError('BODY.NOT_FOUND', `The body "${bodyId}" no longer exists in the directory.`),
  cancelledCannotChange: () => new DomainError('MEETING.CANCELLED', 'This meeting was cancelled, so it cannot be changed.'),
  startedCannotChange: (bodyName: string) => new DomainError('MEETING.STARTED', `The ${bodyName} meeting has already started, so it cannot be changed.`),
  heldCannotCancel: () =>
    new DomainError('MEETING.STARTED', 'This meeting has already taken place, so it cannot be cancelled. Record its register instead.'),
  cancelledNoRegister: (bodyName: string, startsAt: Date) =>
    new DomainError(
      'MEETING.CANCELLED',
      `The ${bodyName} meeting of ${formatLondon(startsAt)} was cancelled, so it has no register: a cancelled meeting counts for nobody. Nothing was stored.`,
    ),
  notHeldNoRegister: (bodyName: string, startsAt: Date) =>
    new DomainError('MEETING.NOT_HELD', `The ${bodyName} meeting of ${formatLondon(startsAt)} has not happened yet, so its register cannot be recorded. Nothing was stored.`),
  notASeat: (bodyName: string) => new DomainError('MEETING.NOT_A_SEAT', `That seat is not on ${bodyName}; nothing was recorded.`),
  cancelledNoAnswer: () => new DomainError('MEETING.CANCELLED', 'This meeting was cancelled, so there is nothing to answer. Nothing was recorded.'),
  startedNoAnswer: (startsAt: Date) =>
    new DomainError('MEETING.STARTED', `This meeting started at ${formatLondon(startsAt)}; answers can be changed only until then. Nothing was recorded.`),
  deputyNotNamed: (deputyName: string, agencyName?: string) =>
    new DomainError('MEETING.DEPUTY_NOT_NAMED', `${deputyName.slice(0, 100)} is not a deputy named by ${agencyName ?? 'your agency'}. Nothing was recorded.`),
  noProxies: (bodyName: string) =>
    new DomainError('MEETING.NO_PROXIES', `${bodyName} takes no proxies: only a standing deputy can attend for you. Nothing was recorded.`),
  deputyAndProxy: () => new DomainError('MEETING.DEPUTY_AND_PROXY', 'Name your deputy or a proxy, not both. Nothing was recorded.'),
  unknownProxy: () => new DomainError('MEETING.UNKNOWN_PROXY', 'Your proxy must be someone in the partnership directory. Nothing was recorded.'),
  selfProxy: () => new DomainError('MEETING.SELF_PROXY', 'You cannot be your own proxy. Nothing was recorded.'),
  noProxyWaiting: () =>
    new DomainError('MEETING.NO_PROXY', 'No proxy is waiting for your agreement for that seat: the member may have changed their answer. Nothing was recorded.'),
  answerBusy: () => new DomainError('MEETING.BUSY', 'Your answer is being changed elsewhere at the same moment; please try again.'),
  proxyBusy: () => new DomainError('MEETING.BUSY', 'This answer is being changed elsewhere at the same moment; please try again.'),
  registerBusy: () => new DomainError('MEETING.BUSY', 'The register is being recorded by someone else at the same moment; please try again.'),
  notQuorumMeetingChat: () => new DomainError('MEETING.NOT_FOUND', 'This chat is not a meeting Quorum arranged, or it is not one of yours.'),
};
