/**
 * Peer review meetings (C §6.5): each April/May the QA sub-group holds an Agency Quality Assurance
 * and Challenge meeting with every agency that made a Section 11 return, and its evaluation is fed
 * into the annual report. The meeting is an ordinary meeting of the QA body (the meetings module);
 * what the return keeps is which meeting, and the evaluation with who recorded it and when.
 */
import { addDays, isWorkingDay } from './calendar.js';
import type { AgencyReturn, ReturnProblem, ReturnRound } from './returns.js';

export const VERDICTS = ['agreed', 'challenged'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const REVIEW_LIMITS = { evaluation: 2000, place: 200 } as const;

export interface PeerEvaluation {
  text: string;
  /** Per standard id, optionally: whether the meeting agreed the agency's rating or challenged it. */
  verdicts: Record<string, Verdict>;
  by: string;
  at: string;
}

export interface PeerReview {
  meetingId: string;
  /** YYYY-MM-DD (London) and HH:MM, as planned. */
  date: string;
  time: string;
  plannedBy: string;
  plannedAt: string;
}

/** The working days of April and May of a year, from `from` on, that are not in `taken`. */
export function reviewDays(year: string, from: string, taken: ReadonlySet<string>): string[] {
  const days: string[] = [];
  for (let d = `${year}-04-01`; d <= `${year}-05-31`; d = addDays(d, 1)) {
    if (d >= from && isWorkingDay(d) && !taken.has(d)) days.push(d);
  }
  return days;
}

/** `count` days spread evenly over the free days (one a day), or undefined when there are too few. */
export function spreadDays(free: readonly string[], count: number): string[] | undefined {
  if (count > free.length) return undefined;
  return Array.from({ length: count }, (_, i) => free[Math.floor((i * free.length) / count)]!);
}

export interface EvaluationInput {
  text?: string;
  verdicts?: { standardId: string; verdict?: string }[];
}

/** The evaluation from a form, and what is wrong with it. */
export function readEvaluation(round: Pick<ReturnRound, 'standards'>, input: EvaluationInput): { text: string; verdicts: Record<string, Verdict>; problems: ReturnProblem[] } {
  const problems: ReturnProblem[] = [];
  const text = input.text?.trim() ?? '';
  if (!text) problems.push({ code: 'evaluation-missing', field: 'text' });
  else if (text.length > REVIEW_LIMITS.evaluation) problems.push({ code: 'too-long', field: 'text', limit: REVIEW_LIMITS.evaluation });
  const verdicts: Record<string, Verdict> = {};
  for (const v of input.verdicts ?? []) {
    if (!v.verdict) continue;
    if (!round.standards.some((s) => s.id === v.standardId)) problems.push({ code: 'standard-unknown', field: `verdicts.${v.standardId}`, standardId: v.standardId });
    else if (!(VERDICTS as readonly string[]).includes(v.verdict)) problems.push({ code: 'verdict-invalid', field: `verdicts.${v.standardId}`, standardId: v.standardId });
    else verdicts[v.standardId] = v.verdict as Verdict;
  }
  return { text, verdicts, problems };
}

export function withReviewPlanned(r: AgencyReturn, review: PeerReview): AgencyReturn {
  if (r.peerReview) return r;
  return { ...r, peerReview: review, history: [...r.history, { at: review.plannedAt, by: review.plannedBy, kind: 'review-planned' }] };
}

/** A new evaluation replaces the shown one; every evaluation stays in the history. */
export function withEvaluation(r: AgencyReturn, evaluation: PeerEvaluation): AgencyReturn {
  const last = r.evaluation;
  // A retried recording (the same words and verdicts by the same person) adds nothing.
  if (last && last.by === evaluation.by && last.text === evaluation.text && JSON.stringify(last.verdicts) === JSON.stringify(evaluation.verdicts)) return r;
  return {
    ...r,
    evaluation,
    history: [...r.history, { at: evaluation.at, by: evaluation.by, kind: 'evaluated', evaluation }],
  };
}
