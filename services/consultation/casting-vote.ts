import type { Actor } from '../directory/index.js';
import { castingVoter, decide, decisionRuleOf, statusAt, type Choice } from '../domain/consultation.js';
import type { CastingOutcome } from '../domain/consultation-outcomes.js';
import { consultationErrors } from '../domain/error-messages/consultation.js';
import { announceResult } from './deliveries.js';
import { bodyOf, requireConsultation, updateConsultation, type ConsultationPorts } from './support.js';

type CastingPorts = Pick<ConsultationPorts, 'repo' | 'outbox' | 'presenter' | 'audit' | 'clock'>;

/** The independent chair's casting vote on a tied decision (C App3). */
export function castingVote(ports: CastingPorts) {
  return {
    async castingVote(actor: Actor, consultationId: string, choice: Choice): Promise<CastingOutcome> {
      const directory = actor.directory;
      const c = await requireConsultation(ports.repo, actor, consultationId, 'consultation.casting-vote');
      const body = bodyOf(directory, c);
      const rule = c.rule ?? decisionRuleOf(body);
      if (castingVoter(body, rule) !== actor.person.id) {
        throw rule.castingVote.holder === 'nobody' ? consultationErrors.nobodyCasts(body.name, rule.castingVote.source) : consultationErrors.onlyChairCasts();
      }
      const answers = await ports.repo.listAnswers(c.partnershipId, c.id);
      const now = ports.clock.now();
      if (statusAt(c, now, answers) !== 'awaiting-casting-vote') {
        if (c.outcome?.castingVote) return { kind: 'already-decided', consultation: c };
        throw consultationErrors.notTied();
      }
      const decided = await updateConsultation(ports.repo, c, (x) =>
        statusAt(x, now, answers) === 'awaiting-casting-vote'
          ? { ...x, status: 'closed', closedAt: now.toISOString(), outcome: { ...decide(answers, choice, c.rule), castBy: actor.person.id } }
          : x,
      );
      await ports.audit.record({ partnershipId: c.partnershipId, at: now.toISOString(), actor: actor.person.id, action: 'consultation.casting-vote', subject: c.id, after: { choice } });
      await announceResult(ports, directory, decided, answers);
      return { kind: 'decided', consultation: decided };
    },
  };
}
