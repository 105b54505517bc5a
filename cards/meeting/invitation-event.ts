import type { InvitationFacts, InvitationPresenter } from '../../services/ports/online-meetings.js';
import { formatLondon } from '../text.js';

/** The words of the board-calendar invitation: its subject, its body and the cancellation note. */
export const invitationPresenter: InvitationPresenter = {
  event(facts: InvitationFacts) {
    const when = formatLondon(new Date(facts.startsAt));
    const lines = [
      `The ${facts.bodyName} meets on ${when}${facts.place ? `, at ${facts.place} and on Teams` : ', on Teams'}.`,
      'Send your apologies, and name your deputy if one attends for you, from the meeting card Quorum sent you in Teams: the register and the quorum count from there.',
      ...facts.substitutes.map((s) => `${s.substituteName} attends for ${s.holderName} (${s.seatTitle}) as ${s.kind}.`),
      'Join on Teams with the link in this invitation; Quorum reads who joined, and for how long, to pre-fill the attendance register.',
    ];
    return { subject: `${facts.bodyName}: ${when}`, body: lines.join('\n\n') };
  },
  cancellation(facts: InvitationFacts) {
    return `The ${facts.bodyName} meeting on ${formatLondon(new Date(facts.startsAt))} is cancelled. It counts for nobody's attendance.`;
  },
};
