/** Absence reviews made from the absence rules' concerns (C §5.8; L thresholds). Pure. */
import type { AbsenceConcern } from './absence.js';
import { reviewId, type AbsenceReview } from './meeting.js';



export function describeConcern(c: AbsenceConcern): string {
  const deputy = c.deputyMeetingIds.length ? `; a deputy attended ${c.deputyMeetingIds.length} of them` : '';
  if (c.kind === 'consecutive') {
    return `Did not attend ${c.length} consecutive meeting${c.length === 1 ? '' : 's'} in person (rule: ${c.threshold})${deputy}.`;
  }
  return `Attended ${c.attended} of ${c.held} meetings in the last 12 months (${Math.round(c.share * 100)}%; rule: at least ${Math.round(c.minShare * 100)}%)${deputy}.`;
}

/** Why an attendance-share review closed itself: the member's share is back at or above the rule. */
export function describeRecovery(s: { attended: number; held: number; share: number | null }, rule: { minShare: number; windowMonths: number }): string {
  return `Attended ${s.attended} of ${s.held} meetings in the last ${rule.windowMonths} months (${Math.round((s.share ?? 0) * 100)}%; rule: at least ${Math.round(rule.minShare * 100)}%) before the review was decided, so it closed itself.`;
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
    summary: describeConcern(c),
    meetingIds: c.meetingIds,
    deputyMeetingIds: c.deputyMeetingIds,
    source: c.source,
    createdAt: at,
    status: 'pending',
  };
}
