import type { Actor } from '../directory/index.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import { londonDate } from '../domain/calendar.js';
import { LIMITS, riskEntryId, SYSTEM_ACTOR, type AbsenceReview, type ReviewOutcome, type RiskRegisterEntry } from '../domain/meeting.js';
import type { ReviewFacts } from '../ports/meetings.js';
import { audit, requireReview, updateReview, type MeetingPorts } from './support.js';

type Ports = Pick<MeetingPorts, 'repo' | 'audit' | 'clock'>;

export interface DecideInput {
  reviewId: string;
  outcome: ReviewOutcome;
  note?: string;
}

export type ReviewProblem = { code: 'REVIEW.REASON_MISSING'; field: 'note' } | { code: 'REVIEW.NOTE_TOO_LONG'; field: 'note'; length: number; limit: number };

export type DecideOutcome =
  | { kind: 'decided'; outcome: ReviewOutcome; review: ReviewFacts }
  /** The same outcome was recorded before: nothing changed. */
  | { kind: 'already'; review: ReviewFacts }
  /** The review closed itself (attendance recovered) before the manager decided. */
  | { kind: 'closed-itself'; review: ReviewFacts }
  /** Someone else decided it first, differently. */
  | { kind: 'decided-before'; review: ReviewFacts }
  | { kind: 'rejected'; problems: ReviewProblem[]; review: ReviewFacts };

/** Absence reviews for the manager (C §5.8): the ones waiting, each review, the decision once, and the risk register. */
export function absenceReviews(ports: Ports) {
  async function facts(actor: Actor, r: AbsenceReview): Promise<ReviewFacts> {
    const meetings = await ports.repo.listMeetings(actor.directory.partnership.id, { bodyIds: [r.bodyId] });
    return { review: r, meetings, canDecide: true };
  }

  async function reviews(actor: Actor): Promise<AbsenceReview[]> {
    authorize(subjectOf(actor), 'absence.review');
    return (await ports.repo.listReviews(actor.directory.partnership.id, { status: 'pending' })).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async function review(actor: Actor, id: string): Promise<ReviewFacts> {
    const r = await requireReview(ports.repo, actor, id);
    authorize(subjectOf(actor), 'absence.review', { bodyId: r.bodyId });
    return facts(actor, r);
  }

  async function riskEntryFor(r: AbsenceReview) {
    if (r.decision?.outcome !== 'risk-register') return;
    const entry: RiskRegisterEntry = {
      id: riskEntryId(r.id),
      partnershipId: r.partnershipId,
      reviewId: r.id,
      personId: r.holderId,
      seatId: r.seatId,
      bodyId: r.bodyId,
      ...(r.agencyId ? { agencyId: r.agencyId } : {}),
      // The outcome needs a reason (REVIEW.REASON_MISSING), so the note is there.
      reason: r.decision.note ?? r.summary ?? '',
      date: londonDate(new Date(r.decision.at)),
      decidedBy: r.decision.by,
      decidedAt: r.decision.at,
    };
    if (await ports.repo.createRiskEntry(entry)) await audit(ports, r.partnershipId, r.decision.by, 'risk-register.add', entry.id);
  }

  /** Records the manager's outcome once; "add to the risk register" stores the entry. */
  async function decide(actor: Actor, input: DecideInput): Promise<DecideOutcome> {
    const r = await requireReview(ports.repo, actor, input.reviewId);
    authorize(subjectOf(actor), 'absence.review', { bodyId: r.bodyId });
    const note = input.note?.trim() || undefined;
    if (r.decision) {
      if (r.decision.outcome === input.outcome) {
        await riskEntryFor(r);
        return { kind: 'already', review: await facts(actor, r) };
      }
      return { kind: r.decision.by === SYSTEM_ACTOR ? 'closed-itself' : 'decided-before', review: await facts(actor, r) };
    }
    if (input.outcome === 'risk-register' && !note) return { kind: 'rejected', problems: [{ code: 'REVIEW.REASON_MISSING', field: 'note' }], review: await facts(actor, r) };
    if ((note?.length ?? 0) > LIMITS.note) {
      return { kind: 'rejected', problems: [{ code: 'REVIEW.NOTE_TOO_LONG', field: 'note', length: note!.length, limit: LIMITS.note }], review: await facts(actor, r) };
    }
    const at = ports.clock.now().toISOString();
    let won = false;
    const decided = await updateReview(ports.repo, r, (x) => {
      won = !x.decision;
      return x.decision ? x : { ...x, status: 'decided', decision: { outcome: input.outcome, ...(note ? { note } : {}), by: actor.person.id, at } };
    });
    // Someone decided it first: say so rather than overwrite.
    if (!won) return decide(actor, input);
    await audit(ports, r.partnershipId, actor.person.id, 'absence.review.decide', r.id, undefined, decided.decision);
    await riskEntryFor(decided);
    return { kind: 'decided', outcome: input.outcome, review: await facts(actor, decided) };
  }

  async function riskRegister(actor: Actor): Promise<RiskRegisterEntry[]> {
    authorize(subjectOf(actor), 'absence.review');
    return (await ports.repo.listRiskEntries(actor.directory.partnership.id)).sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));
  }

  return { reviews, review, decide, riskRegister };
}
