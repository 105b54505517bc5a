import type { Actor } from '../directory/index.js';
import { can, canSeeAllReturns, canSeeReturnsMatrix, canFillReturn, subjectOf } from '../domain/authorization.js';
import { returnsErrors } from '../domain/error-messages/returns.js';
import { indicatorsOwedBy } from '../domain/returns.js';
import { dataSetView, matrixView, roundSummary, type DataSetView, type MatrixView, type ReturnsHome, type ReturnView } from '../domain/returns-views.js';
import { configOf, leadsFor, requireReturn, unknownRound, type ReturnsPorts } from './support.js';

/** What the tab reads, each filtered by who may see what. */
export function returnsQueries(ports: ReturnsPorts) {
  return {
    async home(actor: Actor): Promise<ReturnsHome> {
      const d = actor.directory;
      const config = configOf(d);
      const subject = subjectOf(actor);
      const rounds = await ports.repo.listRounds(d.partnership.id);
      const returns = await ports.repo.listReturns(d.partnership.id, rounds.map((r) => r.id));
      const seesAll = canSeeAllReturns(subject, config.qaBodyId);
      const seesMatrix = canSeeReturnsMatrix(subject, config.qaBodyId, d.mainBoard()?.id);
      const mine = rounds.flatMap((round) =>
        round.agencyIds
          .filter((agencyId) => canFillReturn(subject, leadsFor(d, config, agencyId)))
          .map((agencyId) => ({
            roundId: round.id,
            agencyId,
            agency: d.agency(agencyId)?.name ?? agencyId,
            title: round.title,
            deadline: round.deadline,
            status: returns.find((r) => r.roundId === round.id && r.agencyId === agencyId)?.status ?? 'not-returned',
          })),
      );
      const canOpen = can(subject, 'returns.open');
      return {
        rounds: seesMatrix ? rounds.map((r) => roundSummary(r, returns)) : [],
        mine,
        canOpen,
        canPlanReviews: can(subject, 'returns.peer-review', { bodyId: config.qaBodyId }),
        seesMatrix,
        seesAll,
        ...(canOpen
          ? {
              framework: {
                agencies: d.partnership.agencies.map((a) => ({ id: a.id, name: a.name })),
                standards: config.section11.standards,
                indicators: config.dataSet?.indicators.length ?? 0,
              },
            }
          : {}),
      };
    },

    /** The Section 11 matrix of one round (the latest when none is named), with the change since the one before. */
    async matrix(actor: Actor, roundId?: string): Promise<MatrixView> {
      const d = actor.directory;
      const config = configOf(d);
      if (!canSeeReturnsMatrix(subjectOf(actor), config.qaBodyId, d.mainBoard()?.id)) throw returnsErrors.matrixNotForYou();
      const rounds = await ports.repo.listRounds(d.partnership.id, 'section-11');
      const index = roundId ? rounds.findIndex((r) => r.id === roundId) : 0;
      const round = rounds[index];
      if (!round) throw unknownRound();
      const previous = rounds[index + 1];
      const returns = await ports.repo.listReturns(d.partnership.id, previous ? [round.id, previous.id] : [round.id]);
      const name = (id: string) => d.agency(id)?.name ?? id;
      return matrixView(
        round,
        returns.filter((r) => r.roundId === round.id),
        previous ? { round: previous, returns: returns.filter((r) => r.roundId === previous.id) } : undefined,
        name,
      );
    },

    /** The data set by indicator and quarter; of one year's quarters (for the annual report) when given. */
    async dataSet(actor: Actor, year?: string): Promise<DataSetView> {
      const d = actor.directory;
      const config = configOf(d);
      if (!canSeeReturnsMatrix(subjectOf(actor), config.qaBodyId, d.mainBoard()?.id)) throw returnsErrors.matrixNotForYou();
      const { rounds, figures } = await ports.repo.listDataSet(d.partnership.id, year && /^\d{4}$/.test(year) ? year : undefined);
      const picked = rounds.filter((r) => !year || r.period.startsWith(`${year}-`));
      return dataSetView(picked, figures, (id) => d.agency(id)?.name ?? id);
    },

    /** One agency's return in full: for its leads and people, and for those who see every return. */
    async returnView(actor: Actor, roundId: string, agencyId: string): Promise<ReturnView> {
      const { round, ret, leads, config } = await requireReturn(ports, actor, roundId, agencyId, 'see');
      const d = actor.directory;
      const person = (id?: string) => (id ? (d.person(id)?.displayName ?? id) : undefined);
      const canFill = canFillReturn(subjectOf(actor), leads);
      const returns = [ret];
      return {
        round: {
          ...roundSummary(round, returns),
          standards: round.standards,
          indicators: indicatorsOwedBy(round, agencyId).map((i) => ({ id: i.id, text: i.text, unit: i.unit })),
        },
        agencyId,
        agency: d.agency(agencyId)?.name ?? agencyId,
        status: ret.status,
        late: ret.late ?? false,
        standards: ret.standards,
        figures: ret.figures,
        ...(ret.draftBy ? { draftBy: person(ret.draftBy), draftAt: ret.draftAt } : {}),
        ...(ret.submittedBy ? { submittedBy: person(ret.submittedBy), submittedAt: ret.submittedAt } : {}),
        history: ret.history.map((h) => ({ at: h.at, by: person(h.by) ?? h.by, kind: h.kind, ...(h.reason ? { reason: h.reason } : {}) })),
        ...(ret.peerReview ? { peerReview: { meetingId: ret.peerReview.meetingId, date: ret.peerReview.date, time: ret.peerReview.time, plannedBy: person(ret.peerReview.plannedBy)! } } : {}),
        ...(ret.evaluation ? { evaluation: { ...ret.evaluation, by: person(ret.evaluation.by)! } } : {}),
        canEvaluate: round.kind === 'section-11' && can(subjectOf(actor), 'returns.peer-review', { bodyId: config.qaBodyId }),
        canFill,
        canReopen: actor.isManager && ret.status === 'submitted',
        ...(ret.etag ? { version: ret.etag } : {}),
      };
    },
  };
}
