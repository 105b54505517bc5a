/** Words for the chair's brief, the quorum warning, absence reviews (C §5.8) and the risk register. */
import type { Directory } from '../../services/domain/directory.js';
import { attendingSeats, LIMITS, SYSTEM_ACTOR, type AbsenceReview, type RiskRegisterEntry } from '../../services/domain/meeting.js';
import type { BriefsOutcome, DecideOutcome } from '../../services/meeting/index.js';
import type { BriefFacts, QuorumWarningFacts, ReviewFacts } from '../../services/ports/meetings.js';
import type { AdaptiveCard } from '../render.js';
import { formatLondon } from '../text.js';
import { decisionNote, reviewSummary } from './absence-words.js';
import { meetingCards } from './cards.js';
import type { BriefView, CardMessage, ReviewView } from './views.js';
import { apologyLines, nameOf, noAnswer, quorumView, REVIEW_OUTCOMES, seatTitle, summary, whenOf } from './words.js';

export function brief(directory: Directory, f: BriefFacts): AdaptiveCard {
  const m = f.meeting;
  const body = directory.body(m.bodyId);
  const seats = body ? attendingSeats(body) : [];
  const attending = f.apologies.filter((a) => a.response === 'attending').length;
  const sent = f.apologies.filter((a) => a.response === 'apologies');
  const view: BriefView = {
    ...summary(directory, m, f.now),
    quorum: quorumView(f.forecast, 'forecast'),
    answers: `${seats.length} seats: ${attending} attending, ${sent.length} apologies (${sent.filter((a) => a.deputyId).length} with a deputy), ${seats.length - attending - sent.length} no answer.`,
    apologies: body ? apologyLines(directory, body, f.apologies) : [],
    noAnswer: body ? noAnswer(directory, body, f.apologies) : [],
    carryForward: f.carried.map((c) => ({ title: c.title, agencies: c.agencyIds.map((id) => directory.agency(id)?.name ?? id).join('; ') })),
    reviews: f.reviews.map((r) => ({ member: `${nameOf(directory, r.holderId)} (${seatTitle(body, r.seatId)})`, detail: reviewSummary(r) })),
  };
  return meetingCards.brief(view);
}

export function briefs(directory: Directory, o: BriefsOutcome): AdaptiveCard {
  if (o.kind === 'brief') return brief(directory, o.brief);
  return meetingCards.list({
    title: "Chair's brief: choose a meeting",
    empty: 'There are no upcoming meetings of your bodies.',
    canAdd: false,
    items: o.meetings.map((m) => ({ ...summary(directory, m, o.now), line: "Open the chair's brief", verb: 'meeting.brief' })),
  });
}

export function quorumWarning(directory: Directory, f: QuorumWarningFacts): AdaptiveCard {
  const body = directory.body(f.meeting.bodyId);
  return meetingCards.quorumWarning({
    ...summary(directory, f.meeting, f.now),
    quorum: quorumView(f.forecast, 'forecast'),
    apologies: body ? apologyLines(directory, body, f.apologies) : [],
    noAnswer: body ? noAnswer(directory, body, f.apologies) : [],
  });
}

function reviewView(directory: Directory, f: ReviewFacts): ReviewView {
  const r = f.review;
  const body = directory.body(r.bodyId);
  const when = (id: string) => {
    const m = f.meetings.find((x) => x.id === id);
    return m ? whenOf(m) : id;
  };
  const d = r.decision;
  const why = d ? decisionNote(d) : undefined;
  const note = why ? `: ${why}` : '';
  return {
    reviewId: r.id,
    member: nameOf(directory, r.holderId),
    seat: seatTitle(body, r.seatId),
    agency: directory.agency(r.agencyId)?.name ?? 'No agency',
    bodyName: body?.name ?? r.bodyId,
    summary: reviewSummary(r),
    meetings: r.meetingIds.map(when),
    deputyMeetings: r.deputyMeetingIds.map(when),
    source: r.source,
    statusLabel: d ? REVIEW_OUTCOMES[d.outcome] : 'Waiting for the board manager',
    decided: !d
      ? undefined
      : d.by === SYSTEM_ACTOR
        ? `${REVIEW_OUTCOMES[d.outcome]} on ${formatLondon(new Date(d.at))}${note}`
        : `${REVIEW_OUTCOMES[d.outcome]} by ${nameOf(directory, d.by)} on ${formatLondon(new Date(d.at))}${note}`,
    canDecide: f.canDecide && !d,
    noteLimit: LIMITS.note,
  };
}

export const review = (directory: Directory, f: ReviewFacts, message?: CardMessage): AdaptiveCard => meetingCards.review({ ...reviewView(directory, f), message });

export function reviews(directory: Directory, pending: AbsenceReview[]): AdaptiveCard {
  return meetingCards.reviews({
    title: 'Absence reviews waiting for you',
    empty: 'No absence reviews are waiting.',
    items: pending.map((r) => ({
      reviewId: r.id,
      member: nameOf(directory, r.holderId),
      line: `${directory.body(r.bodyId)?.name ?? r.bodyId} · ${directory.agency(r.agencyId)?.name ?? 'no agency'} · ${reviewSummary(r)}`,
    })),
  });
}

export function decided(directory: Directory, o: DecideOutcome): AdaptiveCard {
  const d = o.review.review.decision;
  const label = d ? REVIEW_OUTCOMES[d.outcome] : '';
  const when = d ? formatLondon(new Date(d.at)) : '';
  switch (o.kind) {
    case 'decided':
      return review(directory, o.review, { text: `Recorded: ${REVIEW_OUTCOMES[o.outcome]}.`, tone: 'good' });
    case 'already':
      return review(directory, o.review, { text: `Already recorded: ${label}. Nothing was changed.`, tone: 'warning' });
    case 'closed-itself':
      return review(directory, o.review, { text: `This review closed itself on ${when} (${label}), so nothing was changed.`, tone: 'attention' });
    case 'decided-before':
      return review(directory, o.review, { text: `This review was decided by ${nameOf(directory, d?.by ?? '')} on ${when} (${label}), so nothing was changed.`, tone: 'attention' });
    case 'rejected': {
      const p = o.problems[0]!;
      const text = p.code === 'REVIEW.REASON_MISSING' ? 'Give the reason for the risk register entry. Nothing was stored.' : `The note is ${p.length} characters; the limit is ${p.limit}. Nothing was stored.`;
      return review(directory, o.review, { text, tone: 'attention' });
    }
  }
}

export function risks(directory: Directory, entries: RiskRegisterEntry[]): AdaptiveCard {
  return meetingCards.risks({
    title: 'Risk register: attendance',
    empty: 'The risk register has no attendance entries.',
    items: entries.map((e) => ({
      member: `${nameOf(directory, e.personId)} (${seatTitle(directory.body(e.bodyId), e.seatId)})`,
      agency: directory.agency(e.agencyId)?.name ?? 'No agency',
      reason: e.reason,
      date: e.date,
      decidedBy: nameOf(directory, e.decidedBy),
    })),
  });
}
