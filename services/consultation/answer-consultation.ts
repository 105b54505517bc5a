import type { Actor } from '../directory/index.js';
import { can, subjectOf } from '../domain/authorization.js';
import { applyAnswer, isOpenForAnswers, LIMITS, seatsWithoutVote, type Choice, type Consultation, type Recipient } from '../domain/consultation.js';
import type { AnswerResult, CommentOutcome, RequestModel } from '../domain/consultation-outcomes.js';
import { consultationErrors } from '../domain/error-messages/consultation.js';
import {
  bodyOf,
  MAX_RETRIES,
  primaryAgency,
  recipientFor,
  requireConsultation,
  type ConsultationPorts,
} from './support.js';

/**
 * Someone whose every seat speaks for no agency (board support, advisors, co-opted members) never
 * answers for one: an answer they forge is refused with the reason (C §4.10), before any id is read.
 */
function refuseSeatsWithoutAgency(actor: Actor): void {
  if (can(subjectOf(actor), 'consultation.answer') || actor.assignments.length === 0) return;
  if (actor.assignments.some((a) => a.seat.agencyId !== undefined)) return;
  throw consultationErrors.noVote([...new Set(actor.assignments.flatMap((a) => a.seat.roles))]);
}

export interface AnswerInput {
  consultationId: string;
  agencyId: string;
  choice: Choice;
  reason?: string;
  comment?: string;
  /** 'email' for an answer given through a signed email link. */
  via?: 'email';
}

type AnswerPorts = Pick<ConsultationPorts, 'repo' | 'clock'>;

/**
 * An agency's answer, and comments from anyone on the body. The answer path: the caller's right,
 * the consultation, the seat that answers, the checks of what was sent, then the agency's answer
 * applied (services/domain/consultation-answers.ts) and stored conditionally on its ETag.
 */
export function answerConsultation(ports: AnswerPorts) {
  const cardOf = async (c: Consultation, r: Recipient): Promise<RequestModel> => {
    const agencyId = primaryAgency(r)?.agencyId;
    const answer = agencyId ? await ports.repo.getAnswer(c.partnershipId, c.id, agencyId) : undefined;
    return { consultation: c, recipient: r, ...(answer ? { answer } : {}) };
  };

  return {
    /** The card as this person should see it now (Universal Actions refresh). */
    async view(actor: Actor, consultationId: string): Promise<RequestModel> {
      const c = await requireConsultation(ports.repo, actor, consultationId);
      return cardOf(c, recipientFor(actor, c));
    },

    async answer(actor: Actor, input: AnswerInput): Promise<AnswerResult> {
      refuseSeatsWithoutAgency(actor);
      const c = await requireConsultation(ports.repo, actor, input.consultationId, 'consultation.answer');
      const now = ports.clock.now();
      if (!isOpenForAnswers(c, now)) throw consultationErrors.closed(c);

      const r = recipientFor(actor, c);
      const seat = r.agencies.find((a) => a.agencyId === input.agencyId);
      const withoutVote = c.kind === 'decision' ? seatsWithoutVote(r) : undefined;
      if (!seat && withoutVote) {
        // A vote forged by someone whose seat speaks for no agency: refused with the reason their card gives.
        throw consultationErrors.noVote(withoutVote.roles);
      }
      if (!seat) throw consultationErrors.notOnBodyForAgency(bodyOf(actor.directory, c).name);
      if (!seat.canAnswer) {
        throw consultationErrors.seatCannotAnswer(c.kind);
      }
      const context = { consultation: c, recipient: r, agencyId: input.agencyId };
      const reason = input.reason?.trim() || undefined;
      const comment = input.comment?.trim() || undefined;
      const problems = [
        ...(input.choice === 'disagree' && !reason ? [{ code: 'missing', field: 'reason' } as const] : []),
        ...(reason && reason.length > LIMITS.reason ? [{ code: 'too-long', field: 'reason', length: reason.length, limit: LIMITS.reason } as const] : []),
        ...(comment && comment.length > LIMITS.comment ? [{ code: 'too-long', field: 'comment', length: comment.length, limit: LIMITS.comment } as const] : []),
      ].slice(0, 1);
      if (problems.length) {
        const { answer } = await cardOf(c, r);
        return { kind: 'rejected', problems, ...(answer ? { answer } : {}), ...context };
      }

      for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
        // The first try may start from this instance's last copy of the answer: the write is
        // conditional on its ETag, so a copy another instance has overtaken costs a retry, never an answer.
        const maybeStale = attempt === 0;
        const current = await ports.repo.getAnswer(c.partnershipId, c.id, input.agencyId, { maybeStale });
        if (!current) throw consultationErrors.notAsked();
        const outcome = applyAnswer(
          current,
          { personId: actor.person.id, as: seat.as, seatId: seat.seatId, choice: input.choice, reason, comment, at: now.toISOString(), via: input.via },
          c.signOffRequired,
        );
        if (outcome.kind === 'unchanged') {
          // Nothing to write means no ETag check: confirm against the stored answer before saying so.
          if (maybeStale) continue;
          return { ...outcome, ...context };
        }
        // The answer's own history (who, when, before, after) is its audit trail.
        const stored = await ports.repo.replaceAnswerIfUnchanged(outcome.answer);
        if (stored) return { ...outcome, answer: stored, ...context };
      }
      throw consultationErrors.answerBusy();
    },

    /** A comment from anyone on the body, including advisory seats that do not answer. */
    async comment(actor: Actor, consultationId: string, text: string): Promise<CommentOutcome> {
      const c = await requireConsultation(ports.repo, actor, consultationId, 'consultation.comment');
      const now = ports.clock.now();
      if (!isOpenForAnswers(c, now)) throw consultationErrors.closed(c);
      const comment = text.trim();
      const r = recipientFor(actor, c);
      if (!comment) return { kind: 'rejected', problems: [{ code: 'missing', field: 'comment' }], ...(await cardOf(c, r)) };
      if (comment.length > LIMITS.comment) {
        return { kind: 'rejected', problems: [{ code: 'too-long', field: 'comment', length: comment.length, limit: LIMITS.comment }], ...(await cardOf(c, r)) };
      }
      const agencyId = r.agencies[0]?.agencyId;
      if (!agencyId) throw consultationErrors.onlyMembersComment();
      for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
        const current = await ports.repo.getAnswer(c.partnershipId, c.id, agencyId);
        if (!current) throw consultationErrors.notAskedToComment();
        if (current.comments.some((x) => x.personId === actor.person.id && x.text === comment)) return { kind: 'unchanged', ...(await cardOf(c, r)) };
        const stored = await ports.repo.replaceAnswerIfUnchanged({
          ...current,
          comments: [...current.comments, { personId: actor.person.id, at: now.toISOString(), text: comment }],
        });
        if (stored) return { kind: 'commented', ...(await cardOf(c, r)) };
      }
      throw consultationErrors.answerBusy();
    },
  };
}
