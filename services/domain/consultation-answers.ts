import type { AgencyAnswer, AnswerState, Conflict, Submission } from './consultation.js';

/** One agency's answer: applying a person's answer to it, and counting the answers (C §4.9, §5.6). */

export type AnswerOutcome =
  | { kind: 'recorded'; answer: AgencyAnswer }
  | { kind: 'changed'; answer: AgencyAnswer }
  | { kind: 'unchanged'; answer: AgencyAnswer }
  | { kind: 'conflict'; answer: AgencyAnswer; conflict: Conflict };

const sameAnswer = (a: { choice: AnswerState; reason?: string; comment?: string }, s: Submission) =>
  a.choice === s.choice && (a.reason ?? '') === (s.reason ?? '') && (a.comment ?? '') === (s.comment ?? '');

/**
 * Applies one person's answer to their agency's answer. A deputy cannot overturn the substantive
 * member's answer (C §5.6), and a second member cannot overturn the first: both are kept as
 * conflicts for the manager, and the standing answer is unchanged. The same answer twice is a no-op,
 * so retried invokes and double clicks change nothing.
 */
export function applyAnswer(current: AgencyAnswer, s: Submission, signOffRequired: boolean): AnswerOutcome {
  const snapshot = { choice: current.choice, reason: current.reason, comment: current.comment };
  const record = (): AgencyAnswer => ({
    ...current,
    choice: s.choice,
    answeredBy: s.personId,
    answeredAs: s.as,
    seatId: s.seatId,
    reason: s.choice === 'disagree' ? s.reason : undefined,
    comment: s.comment,
    answeredAt: s.at,
    answeredVia: s.via,
    signOff: signOffRequired && s.choice === 'agree' ? { personId: s.personId, agencyId: current.agencyId, at: s.at } : undefined,
    history: [
      ...current.history,
      { at: s.at, personId: s.personId, as: s.as, before: snapshot, after: { choice: s.choice, reason: s.reason, comment: s.comment }, ...(s.via ? { via: s.via } : {}) },
    ],
  });

  if (current.choice === 'none') return { kind: 'recorded', answer: record() };
  if (current.answeredBy === s.personId) {
    return sameAnswer(current, s) ? { kind: 'unchanged', answer: current } : { kind: 'changed', answer: record() };
  }
  // A member replaces a deputy's answer: the member's word is the agency's.
  if (current.answeredAs === 'deputy' && s.as === 'member') {
    return sameAnswer(current, s) ? { kind: 'unchanged', answer: current } : { kind: 'changed', answer: record() };
  }
  if (current.choice === s.choice) return { kind: 'unchanged', answer: current };

  const conflict: Conflict = {
    at: s.at,
    personId: s.personId,
    as: s.as,
    choice: s.choice,
    reason: s.reason,
    kind: s.as === 'deputy' && current.answeredAs === 'member' ? 'deputy-differs-from-member' : 'members-differ',
  };
  const last = [...current.conflicts].reverse().find((c) => c.personId === s.personId);
  if (last && last.choice === conflict.choice && (last.reason ?? '') === (conflict.reason ?? '')) {
    return { kind: 'unchanged', answer: current };
  }
  return { kind: 'conflict', answer: { ...current, conflicts: [...current.conflicts, conflict] }, conflict };
}

/** Conflicts still standing: the latest differing answer of each person that differs from the agency's answer. */
export function openConflicts(answer: AgencyAnswer): Conflict[] {
  const latest = new Map<string, Conflict>();
  for (const c of answer.conflicts) latest.set(c.personId, c);
  return [...latest.values()].filter((c) => c.choice !== answer.choice && c.personId !== answer.answeredBy);
}

export interface Tally {
  required: number;
  agreed: number;
  disagreed: number;
  noResponse: number;
  nonResponders: string[];
  conflicts: number;
}

export function tally(answers: AgencyAnswer[]): Tally {
  const required = answers.filter((a) => a.required);
  return {
    required: required.length,
    agreed: required.filter((a) => a.choice === 'agree').length,
    disagreed: required.filter((a) => a.choice === 'disagree').length,
    noResponse: required.filter((a) => a.choice === 'none').length,
    nonResponders: required.filter((a) => a.choice === 'none').map((a) => a.agencyId),
    conflicts: answers.filter((a) => openConflicts(a).length > 0).length,
  };
}
