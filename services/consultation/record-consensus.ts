import type { Actor } from '../directory/index.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import { decide, decisionRuleOf, isOpenForAnswers } from '../domain/consultation.js';
import type { ConsensusOutcome } from '../domain/consultation-outcomes.js';
import { consultationErrors } from '../domain/error-messages/consultation.js';
import { announceResult } from './deliveries.js';
import { bodyOf, requireConsultation, updateConsultation, type ConsultationPorts } from './support.js';
import { tallyOf } from './consultation-status.js';

type ConsensusPorts = Pick<ConsultationPorts, 'repo' | 'outbox' | 'presenter' | 'audit' | 'clock'>;

/**
 * Records an open vote as agreed by consensus, without counting it (L Decision Making; C §4.10: a
 * vote only where consensus cannot be achieved). Only where the body's rule seeks consensus first.
 */
export function recordConsensus(ports: ConsensusPorts) {
  return {
    async recordConsensus(actor: Actor, consultationId: string): Promise<ConsensusOutcome> {
      const directory = actor.directory;
      const c = await requireConsultation(ports.repo, actor, consultationId, 'consultation.consensus');
      authorize(subjectOf(actor), 'consultation.consensus', { bodyId: c.bodyId });
      const now = ports.clock.now();
      if (c.outcome?.result === 'agreed by consensus') return { kind: 'already-agreed', ...(await tallyOf(ports, actor, c)) };
      if (c.kind !== 'decision' || !(c.rule ?? decisionRuleOf(bodyOf(directory, c))).consensusFirst) {
        throw consultationErrors.noConsensusRule(bodyOf(directory, c).name);
      }
      if (!isOpenForAnswers(c, now)) throw consultationErrors.consensusTooLate();
      const answers = await ports.repo.listAnswers(c.partnershipId, c.id);
      const counted = decide(answers, undefined, c.rule);
      const agreed = await updateConsultation(ports.repo, c, (x) =>
        x.status === 'open'
          ? { ...x, status: 'closed', closedAt: now.toISOString(), outcome: { for: counted.for, against: counted.against, result: 'agreed by consensus', recordedBy: actor.person.id } }
          : x,
      );
      await ports.audit.record({ partnershipId: c.partnershipId, at: now.toISOString(), actor: actor.person.id, action: 'consultation.consensus', subject: c.id });
      if (agreed.outcome?.result === 'agreed by consensus') await announceResult(ports, directory, agreed, answers);
      return { kind: 'agreed', ...(await tallyOf(ports, actor, agreed)) };
    },
  };
}
