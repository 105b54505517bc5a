import type { AbsenceBreach, AbsenceReview, ReviewRecovery } from '../../services/domain/meeting.js';

/** An absence review's words (C §5.8): what breached the rule, and why a review closed itself. Read by the cards and the tab. */

const pct = (share: number) => `${Math.round(share * 100)}%`;

export function breachText(b: AbsenceBreach): string {
  const deputy = b.deputies ? `; a deputy attended ${b.deputies} of them` : '';
  if (b.kind === 'consecutive') {
    return `Did not attend ${b.length} consecutive meeting${b.length === 1 ? '' : 's'} in person (rule: ${b.threshold})${deputy}.`;
  }
  return `Attended ${b.attended} of ${b.held} meetings in the last 12 months (${pct(b.share)}; rule: at least ${pct(b.minShare)})${deputy}.`;
}

/** The review's summary: from its facts, or the words stored on a review made before the facts were kept. */
export function reviewSummary(r: Pick<AbsenceReview, 'breach' | 'summary'>): string {
  return r.breach ? breachText(r.breach) : (r.summary ?? '');
}

export function recoveryText(s: ReviewRecovery): string {
  return `Attended ${s.attended} of ${s.held} meetings in the last ${s.windowMonths} months (${pct(s.share)}; rule: at least ${pct(s.minShare)}) before the review was decided, so it closed itself.`;
}

/** The note shown with a decision: the manager's, or why the review closed itself. */
export function decisionNote(d: NonNullable<AbsenceReview['decision']>): string | undefined {
  return d.note ?? (d.recovery ? recoveryText(d.recovery) : undefined);
}
