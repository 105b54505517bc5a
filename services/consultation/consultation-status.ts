import type { Actor } from '../directory/index.js';
import { authorize, can, canSeeConsultation, subjectOf } from '../domain/authorization.js';
import { asOf, isOpenForAnswers, type Consultation } from '../domain/consultation.js';
import type { OpenConsultations, TallyModel } from '../domain/consultation-outcomes.js';
import type { Body } from '../domain/directory.js';
import { consultationErrors } from '../domain/error-messages/consultation.js';
import { asked, primaryAgency, recipientFor, requireConsultation, type ConsultationPorts } from './support.js';

type StatusPorts = Pick<ConsultationPorts, 'repo' | 'clock'>;

/** The tally as it stands for a viewer who may see it (chairs of its body and the manager). */
export async function tallyOf(ports: StatusPorts, actor: Actor, c: Consultation): Promise<TallyModel> {
  authorize(subjectOf(actor), 'consultation.tally', { bodyId: c.bodyId });
  const answers = await ports.repo.listAnswers(c.partnershipId, c.id);
  return { consultation: asOf(c, ports.clock.now(), answers), answers };
}

function tallyBodies(actor: Actor): Body[] {
  const bodies = actor.directory.bodies.filter((b) => can(subjectOf(actor), 'consultation.tally', { bodyId: b.id }));
  if (bodies.length === 0) throw consultationErrors.onlyTally();
  return bodies;
}

/** Looking up: what is open for a person, and the tally of one consultation. */
export function consultationStatus(ports: StatusPorts) {
  return {
    async listOpen(actor: Actor): Promise<OpenConsultations> {
      const directory = actor.directory;
      const bodyIds = [...new Set(actor.assignments.map((a) => a.body.id))];
      const listed = await ports.repo.listForBodies(directory.partnership.id, actor.isManager ? directory.bodies.map((b) => b.id) : bodyIds, ['open', 'awaiting-casting-vote']);
      const now = ports.clock.now();
      const items: OpenConsultations['items'] = [];
      for (const stored of listed.sort((a, b) => a.deadline.localeCompare(b.deadline))) {
        // Past its deadline a consultation is closed, and a vote too unless it is tied.
        const c = isOpenForAnswers(stored, now) || stored.kind !== 'decision' ? asOf(stored, now) : asOf(stored, now, await ports.repo.listAnswers(stored.partnershipId, stored.id));
        if (c.status !== 'open' && c.status !== 'awaiting-casting-vote') continue;
        const agencyId = primaryAgency(recipientFor(actor, c, false))?.agencyId;
        const answer = agencyId ? await ports.repo.getAnswer(c.partnershipId, c.id, agencyId) : undefined;
        items.push({ consultation: c, ...(agencyId ? { agencyId } : {}), ...(answer ? { state: answer.choice } : {}) });
      }
      return { items };
    },

    /** The tally and the non-responders (chairs and the manager): by reference, or the latest. */
    async status(actor: Actor, ref?: string): Promise<TallyModel> {
      const directory = actor.directory;
      const bodies = tallyBodies(actor);
      let c: Consultation | undefined;
      if (ref) {
        c = await ports.repo.getByRef(directory.partnership.id, ref.trim().toUpperCase());
        if (c && !canSeeConsultation(subjectOf(actor), c, asked(actor, c))) c = undefined;
        if (!c) throw consultationErrors.unknownRef(ref);
      } else {
        c = await ports.repo.latestForBodies(directory.partnership.id, bodies.map((b) => b.id), ['open', 'awaiting-casting-vote', 'closed']);
        if (!c) throw consultationErrors.noneYet();
      }
      return tallyOf(ports, actor, c);
    },

    async statusById(actor: Actor, consultationId: string): Promise<TallyModel> {
      return tallyOf(ports, actor, await requireConsultation(ports.repo, actor, consultationId, 'consultation.tally'));
    },
  };
}
