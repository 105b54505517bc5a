import { createHash } from 'node:crypto';
import type { Actor } from '../directory/index.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import { addDays, londonDate } from '../domain/calendar.js';
import type { Directory } from '../domain/directory.js';
import { returnLeadsOf } from '../domain/returns-leads.js';
import { readEvaluation, REVIEW_LIMITS, reviewDays, spreadDays, withEvaluation, withReviewPlanned, type EvaluationInput } from '../domain/returns-review.js';
import { type AgencyReturn, type ReturnProblem, type ReturnRound } from '../domain/returns.js';
import type { ReturnsConfig } from '../domain/returns-config.js';
import { changeReturn, configOf, requireReturn, unknownRound, type ReturnsPorts } from './support.js';

type Ports = Pick<ReturnsPorts, 'repo' | 'meetings' | 'audit' | 'clock' | 'log'>;

export interface PlanReviewsInput {
  roundId: string;
  place?: string;
  /** HH:MM, London; 10:00 when not given. */
  time?: string;
}

export interface PlannedReview {
  agencyId: string;
  meetingId: string;
  date: string;
  time: string;
  /** Planned now, or found from an earlier planning. */
  kind: 'planned' | 'already-planned';
}

export type PlanReviewsOutcome =
  | { kind: 'planned'; roundId: string; reviews: PlannedReview[]; failed: { agencyId: string; codes: string[] }[] }
  | { kind: 'rejected'; problems: ReturnProblem[] };

export type EvaluateOutcome = { kind: 'evaluated'; ret: AgencyReturn } | { kind: 'rejected'; problems: ReturnProblem[] };

/**
 * The meeting's id, deterministic per partnership, round and agency (UUID-shaped, as the meetings'
 * form ids are), so planning twice finds the meeting made the first time.
 */
export function peerReviewMeetingId(partnershipId: string, roundId: string, agencyId: string): string {
  const hex = createHash('sha256').update(`peer-review\u0000${partnershipId}\u0000${roundId}\u0000${agencyId}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The right to plan or evaluate is the QA body's chair's and the manager's, taken before any id is read. */
function authorizeReview(actor: Actor): ReturnsConfig {
  const config = configOf(actor.directory);
  authorize(subjectOf(actor), 'returns.peer-review', { bodyId: config.qaBodyId });
  return config;
}

/** Invited besides the QA body: the partnership's chair and the agency's return leads (its board member, or else its deputy, and its audit lead). */
function guestsOf(d: Directory, config: ReturnsConfig, agencyId: string): string[] {
  const board = d.mainBoard();
  const chair = board ? d.chairSeat(board)?.holderId : undefined;
  const leads = returnLeadsOf(d, config, agencyId);
  const lead = leads.holderIds.length ? leads.holderIds : leads.deputyIds;
  return [...new Set([chair, ...lead, ...leads.auditLeadIds].filter((id): id is string => id !== undefined))];
}

/**
 * From a Section 11 round, one QA and challenge meeting per owing agency (C §6.5), each through the
 * meetings capability's schedule use case: on the QA body, spread over the working days of April and
 * May of the round's year, one a day, none on a day the body already meets. The meeting's id is
 * derived from the round and the agency, and noted on the return, so planning again adds nothing.
 */
export function planPeerReviews(ports: Ports) {
  return async (actor: Actor, input: PlanReviewsInput): Promise<PlanReviewsOutcome> => {
    const config = authorizeReview(actor);
    const d = actor.directory;
    const pid = d.partnership.id;
    const round = await ports.repo.getRound(pid, String(input.roundId ?? '').slice(0, 120));
    if (!round) throw unknownRound();
    const problems: ReturnProblem[] = [];
    if (round.kind !== 'section-11') problems.push({ code: 'not-section-11', field: 'roundId' });
    const place = input.place?.trim() ?? '';
    if (!place) problems.push({ code: 'place-missing', field: 'place' });
    else if (place.length > REVIEW_LIMITS.place) problems.push({ code: 'too-long', field: 'place', limit: REVIEW_LIMITS.place });
    const time = input.time?.trim() || '10:00';
    if (!TIME.test(time)) problems.push({ code: 'time-invalid', field: 'time' });
    if (problems.length) return { kind: 'rejected', problems };

    const returns = new Map((await ports.repo.listReturns(pid, [round.id])).map((r) => [r.agencyId, r]));
    const reviews: PlannedReview[] = [];
    const toPlan: AgencyReturn[] = [];
    for (const agencyId of round.agencyIds) {
      const ret = returns.get(agencyId);
      if (!ret) continue;
      const meetingId = peerReviewMeetingId(pid, round.id, agencyId);
      const found = ret.peerReview ?? (await ports.meetings.find(pid, meetingId));
      if (found) {
        // A meeting made by an earlier planning that stopped before noting it on the return is noted now.
        const noted = ret.peerReview ? ret : await noteReview(ports, actor, ret, { meetingId, date: found.date, time: found.time });
        reviews.push({ agencyId, meetingId, date: noted.peerReview!.date, time: noted.peerReview!.time, kind: 'already-planned' });
      } else toPlan.push(ret);
    }
    const failed: { agencyId: string; codes: string[] }[] = [];
    if (toPlan.length) {
      const year = round.period;
      const tomorrow = addDays(londonDate(ports.clock.now()), 1);
      const busy = new Set(await ports.meetings.busyDays(pid, round.qaBodyId, `${year}-04-01`, `${year}-05-31`));
      const days = spreadDays(reviewDays(year, tomorrow, busy), toPlan.length);
      if (!days) return { kind: 'rejected', problems: [{ code: 'no-review-days', field: 'roundId', year, needed: toPlan.length }] };
      for (const [i, ret] of toPlan.entries()) {
        const meetingId = peerReviewMeetingId(pid, round.id, ret.agencyId);
        const outcome = await ports.meetings.schedule(actor, {
          meetingId,
          bodyId: round.qaBodyId,
          date: days[i]!,
          time,
          place,
          guestIds: guestsOf(d, config, ret.agencyId),
          roundId: round.id,
          agencyId: ret.agencyId,
        });
        if (outcome.kind === 'rejected') {
          failed.push({ agencyId: ret.agencyId, codes: outcome.codes });
          ports.log.warn({ roundId: round.id, agencyId: ret.agencyId, codes: outcome.codes }, 'a peer review meeting was not accepted by the meetings');
          continue;
        }
        await noteReview(ports, actor, ret, { meetingId, date: outcome.date, time: outcome.time });
        reviews.push({ agencyId: ret.agencyId, meetingId, date: outcome.date, time: outcome.time, kind: 'planned' });
      }
      await ports.audit.record({
        partnershipId: pid,
        at: ports.clock.now().toISOString(),
        actor: actor.person.id,
        action: 'returns.plan-reviews',
        subject: round.id,
        after: { planned: reviews.filter((r) => r.kind === 'planned').map((r) => r.agencyId) },
      });
    }
    return { kind: 'planned', roundId: round.id, reviews: orderOf(round, reviews), failed };
  };
}

const orderOf = (round: ReturnRound, reviews: PlannedReview[]) => [...reviews].sort((a, b) => a.date.localeCompare(b.date) || round.agencyIds.indexOf(a.agencyId) - round.agencyIds.indexOf(b.agencyId));

function noteReview(ports: Pick<Ports, 'repo' | 'clock'>, actor: Actor, ret: AgencyReturn, meeting: { meetingId: string; date: string; time: string }): Promise<AgencyReturn> {
  const review = { ...meeting, plannedBy: actor.person.id, plannedAt: ports.clock.now().toISOString() };
  return changeReturn(ports.repo, ret, (current) => withReviewPlanned(current, review));
}

/** The peer review's evaluation, recorded against the agency's return with who and when; every one is kept in its history. */
export function evaluateReturn(ports: Ports) {
  return async (actor: Actor, input: { roundId: string; agencyId: string } & EvaluationInput): Promise<EvaluateOutcome> => {
    authorizeReview(actor);
    const { round, ret } = await requireReturn(ports, actor, input.roundId, input.agencyId, 'see');
    if (round.kind !== 'section-11') return { kind: 'rejected', problems: [{ code: 'not-section-11', field: 'roundId' }] };
    const read = readEvaluation(round, input);
    if (read.problems.length) return { kind: 'rejected', problems: read.problems };
    const evaluation = { text: read.text, verdicts: read.verdicts, by: actor.person.id, at: ports.clock.now().toISOString() };
    const stored = await changeReturn(ports.repo, ret, (current) => withEvaluation(current, evaluation));
    await ports.audit.record({ partnershipId: ret.partnershipId, at: evaluation.at, actor: actor.person.id, action: 'returns.evaluate', subject: ret.id, after: { verdicts: evaluation.verdicts } });
    return { kind: 'evaluated', ret: stored };
  };
}
