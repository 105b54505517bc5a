import { absenceReviews } from './absence-reviews.js';
import { apologies } from './apologies.js';
import { briefs } from './briefs.js';
import { detectAbsences } from './detect-absences.js';
import { meetingQueries } from './meeting-queries.js';
import { planMeetings } from './plan-meetings.js';
import { proxies } from './proxies.js';
import { quorumWarning } from './quorum-warning.js';
import { recordRegister } from './record-register.js';
import { scheduleMeeting } from './schedule-meeting.js';
import { sendNotices } from './send-notices.js';
import type { MeetingPorts } from './support.js';

export type { MeetingPorts } from './support.js';
export type { MeetingFormFacts, MeetingInput, MeetingProblem, SaveMeetingOutcome, CancelMeetingOutcome } from './schedule-meeting.js';
export type { RespondInput, RespondOutcome } from './apologies.js';
export type { ProxyAnswerInput, ProxyAnswerOutcome } from './proxies.js';
export type { RegisterInput, RegisterFormFacts, RegisterSheet, RecordRegisterOutcome } from './record-register.js';
export type { BriefsOutcome } from './briefs.js';
export type { DecideInput, DecideOutcome, ReviewProblem } from './absence-reviews.js';
export type { UpcomingMeetings } from './meeting-queries.js';

/**
 * The meeting use cases (domain.md §4), built from their slices: the one builder compose.ts and the
 * tests both call. Each returns what happened as data; cards/meeting/ words it.
 */
export function meetingUseCases(ports: MeetingPorts) {
  const notices = sendNotices(ports);
  const proxyRule = proxies(ports);
  return {
    ...scheduleMeeting(ports, notices),
    ...meetingQueries(ports),
    ...apologies(ports, proxyRule),
    answerProxy: proxyRule.answerProxy,
    ...recordRegister(ports),
    ...briefs(ports),
    ...absenceReviews(ports),
    planFromCadence: planMeetings(ports),
    sendNotices: notices.sendNotices,
    warnQuorum: quorumWarning(ports),
    detectAbsences: detectAbsences(ports),
  };
}

export type MeetingUseCases = ReturnType<typeof meetingUseCases>;
