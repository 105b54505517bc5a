/**
 * What the tab shows of the returns, as data: the tab words every state. "not-returned" is a state
 * of its own in every view (never green, never 0), and a blank figure is a gap.
 */
import type { Verdict } from './returns-review.js';
import type { AgencyReturn, Rating, ReturnKind, ReturnRound, ReturnStatus, StandardAnswer, FigureAnswer } from './returns.js';

export interface RoundSummary {
  id: string;
  kind: ReturnKind;
  period: string;
  title: string;
  deadline: string;
  agencies: number;
  submitted: number;
  /** Peer review meetings planned (Section 11, C §6.5). */
  reviewsPlanned: number;
  summarisedAt?: string;
}

export type RatingChange = 'better' | 'worse' | 'same' | 'new';

export interface MatrixAgency {
  agencyId: string;
  agency: string;
  status: ReturnStatus;
  late: boolean;
  submittedAt?: string;
  /** Per standard id: the submitted rating, or null when not returned (a draft counts as not returned). */
  ratings: Record<string, Rating | null>;
  /** Per standard id, against the agency's submitted return in the previous Section 11 round. */
  change: Record<string, RatingChange | null>;
  /** The agency's peer review meeting has been evaluated (C §6.5). */
  reviewed: boolean;
}

export interface MatrixView {
  round: RoundSummary;
  previousRound?: RoundSummary;
  standards: { id: string; text: string }[];
  agencies: MatrixAgency[];
}

export type FigureCell = { kind: 'value'; value: number } | { kind: 'cannot-report'; reason: string } | { kind: 'not-returned' } | { kind: 'not-asked' };

export interface DataSetView {
  periods: string[];
  indicators: { id: string; text: string; unit: string; agencyId: string; agency: string; cells: Record<string, FigureCell> }[];
}

/** One agency's return as its leads (and those who see every return) read it, with the framework. */
export interface ReturnView {
  round: RoundSummary & { standards: { id: string; text: string }[]; indicators: { id: string; text: string; unit: string }[] };
  agencyId: string;
  agency: string;
  status: ReturnStatus;
  late: boolean;
  standards: StandardAnswer[];
  figures: FigureAnswer[];
  draftBy?: string;
  draftAt?: string;
  submittedBy?: string;
  submittedAt?: string;
  history: { at: string; by: string; kind: string; reason?: string }[];
  /** The peer review meeting (C §6.5) when planned, and its latest evaluation, people by name. */
  peerReview?: { meetingId: string; date: string; time: string; plannedBy: string };
  evaluation?: { text: string; verdicts: Record<string, Verdict>; by: string; at: string };
  /** The caller may record the peer review's evaluation (the manager, the QA chair). */
  canEvaluate: boolean;
  /** The caller may save and submit it. */
  canFill: boolean;
  /** The caller may reopen it (the manager, once submitted). */
  canReopen: boolean;
  /** The stored version, sent back with a save so a stale form is noticed. */
  version?: string;
}

export interface ReturnsHome {
  rounds: RoundSummary[];
  /** Returns the caller fills, newest round first. */
  mine: { roundId: string; agencyId: string; agency: string; title: string; deadline: string; status: ReturnStatus }[];
  canOpen: boolean;
  /** The caller may plan peer review meetings from a Section 11 round (the manager, the QA chair). */
  canPlanReviews: boolean;
  seesMatrix: boolean;
  seesAll: boolean;
  /** For the open-round form: the agencies and the framework's standards, for the manager only. */
  framework?: { agencies: { id: string; name: string }[]; standards: { id: string; text: string }[]; indicators: number };
}

export function roundSummary(round: ReturnRound, returns: readonly AgencyReturn[]): RoundSummary {
  return {
    id: round.id,
    kind: round.kind,
    period: round.period,
    title: round.title,
    deadline: round.deadline,
    agencies: round.agencyIds.length,
    submitted: returns.filter((r) => r.roundId === round.id && r.status === 'submitted').length,
    reviewsPlanned: returns.filter((r) => r.roundId === round.id && r.peerReview).length,
    ...(round.summarisedAt ? { summarisedAt: round.summarisedAt } : {}),
  };
}

const RANK: Record<Rating, number> = { green: 0, amber: 1, red: 2 };

export function ratingChange(now: Rating | null, before: Rating | null | undefined): RatingChange | null {
  if (now === null) return null;
  if (before === null || before === undefined) return 'new';
  return RANK[now] < RANK[before] ? 'better' : RANK[now] > RANK[before] ? 'worse' : 'same';
}

const submittedRatings = (r: AgencyReturn | undefined): Record<string, Rating> =>
  r?.status === 'submitted' ? Object.fromEntries(r.standards.filter((s) => s.rating).map((s) => [s.standardId, s.rating!])) : {};

/** The returns matrix: standards down, agencies across (AR App8), with the change since the previous round. */
export function matrixView(
  round: ReturnRound,
  returns: readonly AgencyReturn[],
  previous: { round: ReturnRound; returns: readonly AgencyReturn[] } | undefined,
  agencyName: (id: string) => string,
): MatrixView {
  const byAgency = new Map(returns.map((r) => [r.agencyId, r]));
  const before = new Map(previous?.returns.map((r) => [r.agencyId, submittedRatings(r)]) ?? []);
  const agencies = round.agencyIds.map((agencyId): MatrixAgency => {
    const r = byAgency.get(agencyId);
    const ratings = submittedRatings(r);
    const prior = before.get(agencyId);
    return {
      agencyId,
      agency: agencyName(agencyId),
      status: r?.status ?? 'not-returned',
      late: r?.late ?? false,
      ...(r?.submittedAt && r.status === 'submitted' ? { submittedAt: r.submittedAt } : {}),
      ratings: Object.fromEntries(round.standards.map((s) => [s.id, ratings[s.id] ?? null])),
      change: Object.fromEntries(round.standards.map((s) => [s.id, previous ? ratingChange(ratings[s.id] ?? null, prior?.[s.id] ?? null) : null])),
      reviewed: r?.evaluation !== undefined,
    };
  });
  return {
    round: roundSummary(round, returns),
    ...(previous ? { previousRound: roundSummary(previous.round, previous.returns) } : {}),
    standards: round.standards.map((s) => ({ id: s.id, text: s.text })),
    agencies,
  };
}

/** The data set, indicator by quarter: a figure, a reason it cannot be reported, not returned, or not asked. */
export function dataSetView(rounds: readonly ReturnRound[], returns: readonly Pick<AgencyReturn, 'id' | 'status' | 'figures'>[], agencyName: (id: string) => string): DataSetView {
  const ordered = [...rounds].filter((r) => r.kind === 'data-set').sort((a, b) => a.period.localeCompare(b.period));
  // Each lookup by key, so the shaping grows with indicators × quarters, not with their product again.
  const figuresOf = new Map(returns.filter((r) => r.status === 'submitted').map((r) => [r.id, new Map(r.figures.map((f) => [f.indicatorId, f]))]));
  const asked = ordered.map((round) => ({ round, indicators: new Map(round.indicators.map((i) => [i.id, i])), agencies: new Set(round.agencyIds) }));
  const indicators = new Map<string, DataSetView['indicators'][number]>();
  for (const round of ordered) {
    for (const ind of round.indicators) {
      if (!indicators.has(ind.id)) indicators.set(ind.id, { id: ind.id, text: ind.text, unit: ind.unit, agencyId: ind.agencyId, agency: agencyName(ind.agencyId), cells: {} });
    }
  }
  for (const row of indicators.values()) {
    for (const { round, indicators: byId, agencies } of asked) {
      const ind = byId.get(row.id);
      if (!ind || !agencies.has(ind.agencyId)) {
        row.cells[round.period] = { kind: 'not-asked' };
        continue;
      }
      const figure = figuresOf.get(`${round.id}:${ind.agencyId}`)?.get(row.id);
      row.cells[round.period] =
        figure?.value !== undefined
          ? { kind: 'value', value: figure.value }
          : figure?.cannotReport
            ? { kind: 'cannot-report', reason: figure.cannotReport }
            : { kind: 'not-returned' };
    }
  }
  return { periods: ordered.map((r) => r.period), indicators: [...indicators.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })) };
}
