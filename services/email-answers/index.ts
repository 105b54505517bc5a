import type { Choice } from '../domain/consultation.js';
import { answerConsultation, showConsultation, type ConsultationLinkDeps } from './answer-consultation.js';
export { AnswerLinks, type AnswerLinkDeps, type MeetingStarts } from './links.js';

export type { ConsultationPage, ConsultationLinkOutcome, AnswerProblem } from './answer-consultation.js';
export type { LinkRefusal } from './open-link.js';
export { signLink, verifyLink, readClaims, type LinkClaims } from './tokens.js';

export type EmailAnswerPorts = ConsultationLinkDeps;

/** Answering by signed email link: the answer page's use cases (AnswerLinks signs the links the outbox puts in emails). */
export function emailAnswerUseCases(ports: EmailAnswerPorts) {
  return {
    showConsultation: (token: string, choice?: Choice) => showConsultation(ports, token, choice),
    answerConsultation: (token: string, form: { choice?: string; reason?: string; comment?: string }) => answerConsultation(ports, token, form),
  };
}

export type EmailAnswers = ReturnType<typeof emailAnswerUseCases>;
