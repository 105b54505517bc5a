import type { Choice } from '../domain/consultation.js';
import type { AttendanceResponse } from '../domain/meeting.js';
import { answerConsultation, showConsultation, type ConsultationLinkDeps, type ConsultationLinkOutcome } from './answer-consultation.js';
import { answerMeeting, showMeeting, type MeetingLinkDeps, type MeetingLinkOutcome } from './answer-meeting.js';
import { readClaims } from './tokens.js';
export { AnswerLinks, type AnswerLinkDeps, type MeetingStarts } from './links.js';

export type { ConsultationPage, ConsultationLinkOutcome, AnswerProblem } from './answer-consultation.js';
export type { MeetingPage, MeetingLinkOutcome, MeetingAnswerProblem, PersonChoice } from './answer-meeting.js';
export type { LinkRefusal } from './open-link.js';
export { signLink, verifyLink, readClaims, type LinkClaims } from './tokens.js';

export type EmailAnswerPorts = ConsultationLinkDeps & MeetingLinkDeps;
export type LinkOutcome = ConsultationLinkOutcome | MeetingLinkOutcome;

/** What a link's address asks for (preselected on the page; GET never answers). */
export interface LinkAsk {
  choice?: Choice;
  response?: AttendanceResponse;
}

/** The answer page's form, as posted: each use case reads the fields of its purpose. */
export interface LinkForm {
  choice?: string;
  reason?: string;
  comment?: string;
  response?: string;
  deputyId?: string;
  proxyId?: string;
}

/**
 * Answering by signed email link: the answer page's use cases (AnswerLinks signs the links the outbox
 * puts in emails). A link goes to the use case of the purpose it claims; that use case verifies it.
 */
export function emailAnswerUseCases(ports: EmailAnswerPorts) {
  const isMeeting = (token: string) => readClaims(token)?.purpose === 'meeting';
  return {
    showConsultation: (token: string, choice?: Choice) => showConsultation(ports, token, choice),
    answerConsultation: (token: string, form: { choice?: string; reason?: string; comment?: string }) => answerConsultation(ports, token, form),
    showMeeting: (token: string, response?: AttendanceResponse) => showMeeting(ports, token, response),
    answerMeeting: (token: string, form: { response?: string; deputyId?: string; proxyId?: string }) => answerMeeting(ports, token, form),
    show: (token: string, ask: LinkAsk): Promise<LinkOutcome> => (isMeeting(token) ? showMeeting(ports, token, ask.response) : showConsultation(ports, token, ask.choice)),
    answer: (token: string, form: LinkForm): Promise<LinkOutcome> => (isMeeting(token) ? answerMeeting(ports, token, form) : answerConsultation(ports, token, form)),
  };
}

export type EmailAnswers = ReturnType<typeof emailAnswerUseCases>;
