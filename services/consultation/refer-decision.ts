import type { Actor } from '../directory/index.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import { asOf, LIMITS, type Referral } from '../domain/consultation.js';
import type { ReferOutcome, ReferralViewOutcome } from '../domain/consultation-outcomes.js';
import { consultationErrors } from '../domain/error-messages/consultation.js';
import { bodyOf, peopleOf, primaryAgency, recipientFor, requireConsultation, updateConsultation, type ConsultationPorts } from './support.js';

type ReferPorts = Pick<ConsultationPorts, 'repo' | 'outbox' | 'presenter' | 'audit' | 'clock'>;

/**
 * A member whose agency voted against a carried decision refers it, with a reason, to whom the
 * body's rule names (L, Decision Making: the Scrutineer). They and the chair are told, and the
 * decision shows "referred" until they record a view; then the chair, the referrer and the manager are told.
 */
export function referDecision(ports: ReferPorts) {
  return {
    async refer(actor: Actor, consultationId: string, reasonText: string): Promise<ReferOutcome> {
      const directory = actor.directory;
      const stored = await requireConsultation(ports.repo, actor, consultationId, 'consultation.refer');
      const body = bodyOf(directory, stored);
      authorize(subjectOf(actor), 'consultation.refer', { bodyId: stored.bodyId });
      const answers = await ports.repo.listAnswers(stored.partnershipId, stored.id);
      const now = ports.clock.now();
      const c = asOf(stored, now, answers);
      const card = (consultation = c) => {
        const r = recipientFor(actor, c);
        const agencyId = primaryAgency(r)?.agencyId;
        const answer = answers.find((a) => a.agencyId === agencyId);
        return { consultation, recipient: r, ...(answer ? { answer } : {}) };
      };
      const dissent = c.kind === 'decision' ? c.rule?.dissent : undefined;
      if (!dissent) throw consultationErrors.noReferralRoute(body.name);
      if (c.referral) return { kind: 'already-referred', ...card() };
      if (c.status !== 'closed' || c.outcome?.result !== 'carried') throw consultationErrors.notReferable();
      const against = recipientFor(actor, c).agencies.find((a) => a.canAnswer && answers.some((x) => x.agencyId === a.agencyId && x.choice === 'disagree'));
      if (!against) throw consultationErrors.onlyDissentersRefer();
      const reason = reasonText.trim();
      if (!reason) return { kind: 'rejected', problems: [{ code: 'missing', field: 'referReason' }], ...card() };
      if (reason.length > LIMITS.reason) return { kind: 'rejected', problems: [{ code: 'too-long', field: 'referReason', length: reason.length, limit: LIMITS.reason }], ...card() };
      const referral: Referral = { by: actor.person.id, agencyId: against.agencyId, reason, at: now.toISOString(), toPersonId: dissent.referToPersonId };
      // Past the deadline a vote reads as closed (asOf) before the job records it: record it so, with the referral.
      const referred = await updateConsultation(ports.repo, stored, (x) => (x.referral ? x : { ...asOf(x, now, answers), closedAt: x.closedAt ?? now.toISOString(), referral }));
      if (referred.referral?.at !== referral.at) return { kind: 'already-referred', ...card(referred) };
      await ports.audit.record({ partnershipId: c.partnershipId, at: now.toISOString(), actor: actor.person.id, action: 'consultation.refer', subject: c.id, after: referral });
      await ports.outbox.enqueue(
        peopleOf(directory, [referral.toPersonId, directory.chairSeat(body)?.holderId]).map((p) => ({
          partnershipId: c.partnershipId,
          batchId: `consultation:${c.id}:referral`,
          recipientAad: p.aadObjectId,
          card: ports.presenter.tally({ directory, consultation: referred, answers, viewerId: p.id }),
        })),
      );
      return { kind: 'referred', referToTitle: dissent.referToTitle, ...card(referred) };
    },

    /** The view of the one a decision was referred to, recorded once. */
    async recordReferralView(actor: Actor, consultationId: string, text: string): Promise<ReferralViewOutcome> {
      const directory = actor.directory;
      const c = await requireConsultation(ports.repo, actor, consultationId);
      if (!c.referral || c.referral.toPersonId !== actor.person.id) throw consultationErrors.onlyReferee();
      const answers = await ports.repo.listAnswers(c.partnershipId, c.id);
      if (c.referral.view) return { kind: 'already-recorded', consultation: c, answers, viewerId: actor.person.id };
      const view = text.trim();
      if (!view) throw consultationErrors.viewEmpty();
      if (view.length > LIMITS.reason) throw consultationErrors.viewTooLong(view.length, LIMITS.reason);
      const now = ports.clock.now();
      const done = await updateConsultation(ports.repo, c, (x) => (x.referral && !x.referral.view ? { ...x, referral: { ...x.referral, view: { text: view, at: now.toISOString() } } } : x));
      await ports.audit.record({ partnershipId: c.partnershipId, at: now.toISOString(), actor: actor.person.id, action: 'consultation.referral-view', subject: c.id, after: done.referral?.view });
      const body = bodyOf(directory, c);
      const card = ports.presenter.tally({ directory, consultation: done, answers });
      await ports.outbox.enqueue(
        peopleOf(directory, [directory.chairSeat(body)?.holderId, c.referral.by, ...directory.managers().map((m) => m.id)]).map((p) => ({
          partnershipId: c.partnershipId,
          batchId: `consultation:${c.id}:referral-view`,
          recipientAad: p.aadObjectId,
          card,
        })),
      );
      return { kind: 'recorded', consultation: done, answers, viewerId: actor.person.id };
    },
  };
}
