/** Absence reviews made from the absence rules' concerns (C §5.8; L thresholds). Pure. */
import type { AbsenceConcern } from './absence.js';
import { reviewId, type AbsenceBreach, type AbsenceReview, type ReviewRecovery } from './meeting.js';

/** The breach as facts, stored on the review (cards/meeting/absence-words.ts words it). */
export function breachOf(c: AbsenceConcern): AbsenceBreach {
  const deputies = c.deputyMeetingIds.length;
  if (c.kind === 'consecutive') return { kind: 'consecutive', length: c.length, threshold: c.threshold, deputies };
  return { kind: 'attendance-share', attended: c.attended, held: c.held, share: c.share, minShare: c.minShare, deputies };
}

/** Why an attendance-share review closed itself: the member's share is back at or above the rule. */
export function recoveryOf(s: { attended: number; held: number; share: number | null }, rule: { minShare: number; windowMonths: number }): ReviewRecovery {
  return { attended: s.attended, held: s.held, share: s.share ?? 0, minShare: rule.minShare, windowMonths: rule.windowMonths };
}

export function reviewFromConcern(c: AbsenceConcern, partnershipId: string, agencyId: string | undefined, at: string): AbsenceReview {
  return {
    id: reviewId(c.streakKey),
    partnershipId,
    bodyId: c.bodyId,
    seatId: c.seatId,
    holderId: c.holderId,
    ...(agencyId ? { agencyId } : {}),
    streakKey: c.streakKey,
    kind: c.kind,
    breach: breachOf(c),
    meetingIds: c.meetingIds,
    deputyMeetingIds: c.deputyMeetingIds,
    source: c.source,
    createdAt: at,
    status: 'pending',
  };
}
