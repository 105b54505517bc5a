/**
 * Agency returns (issue #20): a round asks each owing agency for one return, a Section 11
 * self-assessment for a year or a quarter of the performance data set. Every owing agency gets a
 * stored return when the round opens, so "not returned" is data, never read as green; a figure
 * left blank is never a zero. Pure rules; dates are ISO instants or London 'YYYY-MM-DD' days.
 */
import type { DataSetIndicator, ReturnsConfig, Section11Standard } from './returns-config.js';
import type { PeerEvaluation, PeerReview } from './returns-review.js';

export type ReturnKind = 'section-11' | 'data-set';
export const RETURN_KINDS = ['section-11', 'data-set'] as const satisfies readonly ReturnKind[];

export const RATINGS = ['green', 'amber', 'red'] as const;
export type Rating = (typeof RATINGS)[number];

export const RETURN_LIMITS = { title: 200, evidence: 4000, what: 1000, lead: 200, cannotReport: 1000, actionsPerStandard: 10, reason: 1000, agencies: 100 } as const;

export interface ReturnRound {
  /** Deterministic: one round per kind and period in a partnership. */
  id: string;
  partnershipId: string;
  kind: ReturnKind;
  /** '2026' (a Section 11 year) or '2026-Q1' (a quarter of the data set). */
  period: string;
  title: string;
  /** ISO instant. */
  deadline: string;
  agencyIds: string[];
  /** The framework as it stood when the round opened (Section 11). */
  standards: Section11Standard[];
  /** The owing agencies' indicators as they stood when the round opened (data set). */
  indicators: DataSetIndicator[];
  reminderWorkingDays: number[];
  /** The body that governs the actions and hears who did not return. */
  qaBodyId: string;
  createdBy: string;
  openedAt: string;
  /** When the chair's summary went out, after the deadline. */
  summarisedAt?: string;
  etag?: string;
}

export interface ReturnAction {
  what: string;
  lead: string;
  /** YYYY-MM-DD. */
  due: string;
  /** The action in the register, once it is there. */
  actionId?: string;
}

export interface StandardAnswer {
  standardId: string;
  rating?: Rating;
  evidence?: string;
  actions: ReturnAction[];
}

/** A figure, or the reason it cannot be reported; neither is "not returned", never 0. */
export interface FigureAnswer {
  indicatorId: string;
  value?: number;
  cannotReport?: string;
}

export type ReturnStatus = 'not-returned' | 'draft' | 'submitted';

export interface ReturnHistoryEntry {
  at: string;
  by: string;
  kind: 'draft-saved' | 'submitted' | 'reopened' | 'review-planned' | 'evaluated';
  reason?: string;
  /** The peer review's evaluation as it was recorded (C §6.5). */
  evaluation?: PeerEvaluation;
  /** What a reopened submission held, kept. */
  before?: { standards: StandardAnswer[]; figures: FigureAnswer[]; submittedBy?: string; submittedAt?: string };
}

export interface AgencyReturn {
  /** `${roundId}:${agencyId}`. */
  id: string;
  partnershipId: string;
  roundId: string;
  agencyId: string;
  kind: ReturnKind;
  period: string;
  status: ReturnStatus;
  standards: StandardAnswer[];
  figures: FigureAnswer[];
  draftBy?: string;
  draftAt?: string;
  submittedBy?: string;
  submittedAt?: string;
  /** Submitted after the deadline. */
  late?: boolean;
  /** The agency's peer review meeting (C §6.5), once planned. */
  peerReview?: PeerReview;
  /** The latest evaluation of that meeting; each is also in the history. */
  evaluation?: PeerEvaluation;
  history: ReturnHistoryEntry[];
  etag?: string;
}

export const roundIdOf = (kind: ReturnKind, period: string) => `${kind === 'section-11' ? 's11' : 'ds'}-${period}`;
export const returnIdOf = (roundId: string, agencyId: string) => `${roundId}:${agencyId}`;

/** A problem with a person's input: the presenter words it from its code and facts. */
export interface ReturnProblem {
  code:
    | 'period-invalid'
    | 'title-missing'
    | 'too-long'
    | 'deadline-invalid'
    | 'deadline-past'
    | 'agencies-missing'
    | 'agency-unknown'
    | 'agency-no-lead'
    | 'agency-owes-nothing'
    | 'standards-missing'
    | 'round-exists'
    | 'standard-unknown'
    | 'indicator-unknown'
    | 'rating-missing'
    | 'evidence-missing'
    | 'action-missing'
    | 'action-incomplete'
    | 'due-invalid'
    | 'due-past'
    | 'figure-missing'
    | 'figure-invalid'
    | 'reason-missing'
    | 'not-section-11'
    | 'place-missing'
    | 'time-invalid'
    | 'no-review-days'
    | 'evaluation-missing'
    | 'verdict-invalid';
  field?: string;
  [fact: string]: unknown;
}

export const isPeriod = (kind: ReturnKind, period: string) => (kind === 'section-11' ? /^\d{4}$/.test(period) : /^\d{4}-Q[1-4]$/.test(period));

/** The data set's indicators an agency owes. */
export const indicatorsOwedBy = (round: Pick<ReturnRound, 'indicators'>, agencyId: string) => round.indicators.filter((i) => i.agencyId === agencyId);

/** The stored "not returned" return of each owing agency, made when the round opens. */
export function emptyReturns(round: ReturnRound): AgencyReturn[] {
  return round.agencyIds.map((agencyId) => ({
    id: returnIdOf(round.id, agencyId),
    partnershipId: round.partnershipId,
    roundId: round.id,
    agencyId,
    kind: round.kind,
    period: round.period,
    status: 'not-returned',
    standards: [],
    figures: [],
    history: [],
  }));
}

export const DEFAULT_RETURN_REMINDERS = [3, 1];

export const reminderDaysOf = (config: ReturnsConfig) => config.reminderWorkingDays ?? DEFAULT_RETURN_REMINDERS;

/** What a form sends: free text and numbers not yet checked. */
export interface ReturnInput {
  standards?: { standardId: string; rating?: string; evidence?: string; actions?: { what?: string; lead?: string; due?: string }[] }[];
  figures?: { indicatorId: string; value?: string | number | null; cannotReport?: string }[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A figure as typed: blank is no figure (never 0); anything else must be a finite number. */
export function parseFigure(raw: string | number | null | undefined): number | undefined | 'invalid' {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : 'invalid';
  const t = raw.trim().replace(/,/g, '');
  if (t === '') return undefined;
  if (!/^-?\d+(\.\d+)?%?$/.test(t)) return 'invalid';
  return Number(t.replace(/%$/, ''));
}

/**
 * The return's answers from a form, and what is wrong with them. A draft is kept with gaps (only
 * malformed or oversized input is refused); a submission must be complete: every standard rated
 * with evidence, every Amber or Red with at least one whole action, every owed figure given or
 * explained.
 */
export function readReturn(round: ReturnRound, agencyId: string, input: ReturnInput, mode: 'draft' | 'submit', today: string): { standards: StandardAnswer[]; figures: FigureAnswer[]; problems: ReturnProblem[] } {
  const problems: ReturnProblem[] = [];
  const standards: StandardAnswer[] = [];
  const figures: FigureAnswer[] = [];
  const given = new Map((input.standards ?? []).map((s) => [s.standardId, s]));
  for (const s of input.standards ?? []) {
    if (!round.standards.some((x) => x.id === s.standardId)) problems.push({ code: 'standard-unknown', field: `standards.${s.standardId}`, standardId: s.standardId });
  }
  if (round.kind === 'section-11') {
    for (const standard of round.standards) {
      const s = given.get(standard.id);
      const field = `standards.${standard.id}`;
      const rating = s?.rating ? (RATINGS as readonly string[]).includes(s.rating) ? (s.rating as Rating) : undefined : undefined;
      const evidence = s?.evidence?.trim() || undefined;
      if (evidence && evidence.length > RETURN_LIMITS.evidence) problems.push({ code: 'too-long', field: `${field}.evidence`, standardId: standard.id, limit: RETURN_LIMITS.evidence });
      const actions: ReturnAction[] = [];
      const rawActions = (s?.actions ?? []).filter((a) => a.what?.trim() || a.lead?.trim() || a.due?.trim());
      if (rawActions.length > RETURN_LIMITS.actionsPerStandard) problems.push({ code: 'too-long', field: `${field}.actions`, standardId: standard.id, limit: RETURN_LIMITS.actionsPerStandard });
      rawActions.forEach((a, index) => {
        const what = a.what?.trim() ?? '';
        const lead = a.lead?.trim() ?? '';
        const due = a.due?.trim() ?? '';
        const at = `${field}.actions.${index}`;
        if (what.length > RETURN_LIMITS.what) problems.push({ code: 'too-long', field: `${at}.what`, standardId: standard.id, limit: RETURN_LIMITS.what });
        if (lead.length > RETURN_LIMITS.lead) problems.push({ code: 'too-long', field: `${at}.lead`, standardId: standard.id, limit: RETURN_LIMITS.lead });
        if (due && !DAY.test(due)) problems.push({ code: 'due-invalid', field: `${at}.due`, standardId: standard.id });
        else if (mode === 'submit' && due && due < today) problems.push({ code: 'due-past', field: `${at}.due`, standardId: standard.id, due });
        if (mode === 'submit') {
          const missing = [!what && 'what', !lead && 'lead', !due && 'due'].filter((m): m is string => !!m);
          if (missing.length) problems.push({ code: 'action-incomplete', field: at, standardId: standard.id, missing });
        }
        actions.push({ what, lead, due });
      });
      if (mode === 'submit') {
        if (!rating) problems.push({ code: 'rating-missing', field: `${field}.rating`, standardId: standard.id });
        if (!evidence) problems.push({ code: 'evidence-missing', field: `${field}.evidence`, standardId: standard.id });
        if ((rating === 'amber' || rating === 'red') && actions.length === 0) problems.push({ code: 'action-missing', field: `${field}.actions`, standardId: standard.id, rating });
      }
      if (s) standards.push({ standardId: standard.id, ...(rating ? { rating } : {}), ...(evidence ? { evidence } : {}), actions });
    }
  }
  const owed = indicatorsOwedBy(round, agencyId);
  const givenFigures = new Map((input.figures ?? []).map((f) => [f.indicatorId, f]));
  for (const f of input.figures ?? []) {
    if (!owed.some((i) => i.id === f.indicatorId)) problems.push({ code: 'indicator-unknown', field: `figures.${f.indicatorId}`, indicatorId: f.indicatorId });
  }
  if (round.kind === 'data-set') {
    for (const indicator of owed) {
      const f = givenFigures.get(indicator.id);
      const field = `figures.${indicator.id}`;
      const value = parseFigure(f?.value);
      const cannotReport = f?.cannotReport?.trim() || undefined;
      if (value === 'invalid') problems.push({ code: 'figure-invalid', field: `${field}.value`, indicatorId: indicator.id });
      if (cannotReport && cannotReport.length > RETURN_LIMITS.cannotReport) problems.push({ code: 'too-long', field: `${field}.cannotReport`, indicatorId: indicator.id, limit: RETURN_LIMITS.cannotReport });
      if (mode === 'submit' && value === undefined && !cannotReport) problems.push({ code: 'figure-missing', field, indicatorId: indicator.id });
      const figure: FigureAnswer = { indicatorId: indicator.id };
      if (typeof value === 'number') figure.value = value;
      else if (cannotReport) figure.cannotReport = cannotReport;
      if (f) figures.push(figure);
    }
  }
  return { standards, figures, problems };
}

/** The return after a draft is kept. A submitted return is not changed by a draft (the caller refuses it). */
export function withDraft(r: AgencyReturn, answers: { standards: StandardAnswer[]; figures: FigureAnswer[] }, by: string, at: string): AgencyReturn {
  return { ...r, ...answers, status: 'draft', draftBy: by, draftAt: at, history: [...r.history, { at, by, kind: 'draft-saved' }] };
}

export function withSubmission(r: AgencyReturn, answers: { standards: StandardAnswer[]; figures: FigureAnswer[] }, by: string, at: string, deadline: string): AgencyReturn {
  const late = at > deadline;
  return { ...r, ...answers, status: 'submitted', submittedBy: by, submittedAt: at, ...(late ? { late } : {}), history: [...r.history, { at, by, kind: 'submitted' }] };
}

/** Reopening keeps what was submitted in the history and makes the return a draft again. */
export function withReopening(r: AgencyReturn, by: string, at: string, reason: string): AgencyReturn {
  const before = { standards: r.standards, figures: r.figures, submittedBy: r.submittedBy, submittedAt: r.submittedAt };
  const { submittedBy: _by, submittedAt: _at, late: _late, ...rest } = r;
  return { ...rest, status: 'draft', history: [...r.history, { at, by, kind: 'reopened', reason, before }] };
}

/** The Amber and Red actions of a submitted return, each with the deterministic id of its action in the register. */
export function registerActionsOf(r: AgencyReturn): { id: string; standardId: string; rating: Rating; action: ReturnAction }[] {
  const submissions = r.history.filter((h) => h.kind === 'submitted').length;
  return r.standards.flatMap((s) =>
    s.rating === 'amber' || s.rating === 'red'
      ? s.actions.map((action, i) => ({ id: `${r.id}:${s.standardId}:${submissions}:${i}`.replace(/:/g, '-'), standardId: s.standardId, rating: s.rating as Rating, action }))
      : [],
  );
}
