import { answerConsultation } from './answer-consultation.js';
import { castingVote } from './casting-vote.js';
import { closeConsultation } from './close-consultation.js';
import { consultationStatus } from './consultation-status.js';
import { recordConsensus } from './record-consensus.js';
import { referDecision } from './refer-decision.js';
import { remindConsultation } from './remind-consultation.js';
import { sendConsultation } from './send-consultation.js';
import type { ConsultationPorts } from './support.js';

export type { ConsultationPorts } from './support.js';
export type { AnswerInput } from './answer-consultation.js';
export type { DraftInput } from './send-consultation.js';

/**
 * Consultations and votes, one slice per use case: draft → preview → send to every member of a body;
 * agencies answer; reminders before the deadline; at the deadline the summary to the chair and
 * manager and the non-responders carried to the next meeting; the casting vote, consensus, referral.
 * The one builder that app/compose.ts and the test support both call.
 */
export function consultationUseCases(ports: ConsultationPorts) {
  return {
    ...sendConsultation(ports),
    ...answerConsultation(ports),
    ...consultationStatus(ports),
    ...castingVote(ports),
    ...recordConsensus(ports),
    ...referDecision(ports),
    ...remindConsultation(ports),
    ...closeConsultation(ports),
  };
}

export type ConsultationUseCases = ReturnType<typeof consultationUseCases>;
