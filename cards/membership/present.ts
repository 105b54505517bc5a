import type { Partnership } from '../../services/domain/directory.js';
import type { AttentionItem } from '../../services/domain/membership-views.js';
import type { NewPartnershipWords, SeatNotice } from '../../services/ports/membership.js';
import attentionTemplate from '../templates/membership-attention.json' with { type: 'json' };
import seatsChangedTemplate from '../templates/membership-seats-changed.json' with { type: 'json' };
import setupTemplate from '../templates/membership-setup.json' with { type: 'json' };
import { expand, type AdaptiveCard } from '../render.js';

/** How many attention items a card lists; the Members page has them all. */
const LISTED = 15;

const AS = { holder: 'hold', deputy: 'are the standing deputy for' } as const;

/** The words a partnership set up from nothing starts with (stored; the manager edits them on the Members page). */
export const NEW_PARTNERSHIP_WORDS: NewPartnershipWords = {
  source: 'Set up in Quorum',
  quorumDescription: 'No quorum rule set yet.',
  quorumSource: 'Set on the Members page',
  absenceSource: 'Quorum default: two consecutive meetings missed',
  cadenceDescription: 'Four meetings a year until set.',
};

export const membershipCards = {
  newPartnership: NEW_PARTNERSHIP_WORDS,

  seatsChanged(notice: SeatNotice): AdaptiveCard {
    const gained = notice.gained.map((g) => ({
      text:
        g.as === 'deputy'
          ? `are the standing deputy for ${g.holderName ?? 'the holder'} as ${g.seat} on ${g.body}${g.agency ? `, for ${g.agency}` : ''}`
          : `${AS[g.as]} the seat ${g.seat} on ${g.body}${g.agency ? `, for ${g.agency}` : ''}`,
    }));
    const lost = notice.lost.map((l) => ({ text: `${l.as === 'deputy' ? 'deputise as' : 'hold'} ${l.seat} on ${l.body}` }));
    return expand(seatsChangedTemplate, { partnership: notice.partnership, effectiveText: dayText(notice.effective), gained, lost });
  },

  attention(partnership: Partnership, items: AttentionItem[], membersUrl: string): AdaptiveCard {
    const count = (kind: AttentionItem['kind']) => items.filter((i) => i.kind === kind).length;
    return expand(attentionTemplate, {
      partnership: partnership.name,
      vacantCount: count('vacant-seat'),
      noVoteCount: count('no-voting-seat'),
      neverReachedCount: count('never-reached'),
      deputyCount: count('missing-deputy'),
      items: items.slice(0, LISTED).map((i) => ({ text: attentionText(partnership, i) })),
      more: Math.max(0, items.length - LISTED),
      membersUrl,
    });
  },

  setup(membersUrl: string): AdaptiveCard {
    return expand(setupTemplate, { membersUrl });
  },
};

/** One attention item in the words a board manager uses (the Members page words them the same way). */
export function attentionText(p: Partnership, item: AttentionItem): string {
  const body = (id: string) => p.bodies.find((b) => b.id === id);
  const seat = (bodyId: string, seatId: string) => body(bodyId)?.seats.find((s) => s.id === seatId)?.title ?? seatId;
  switch (item.kind) {
    case 'vacant-seat':
      return `Vacant seat: ${seat(item.bodyId, item.seatId)} on ${body(item.bodyId)?.name ?? item.bodyId}`;
    case 'missing-deputy':
      return `No standing deputy: ${seat(item.bodyId, item.seatId)} on ${body(item.bodyId)?.name ?? item.bodyId} (C §5.6)`;
    case 'no-voting-seat':
      return `No voting seat: ${p.agencies.find((a) => a.id === item.agencyId)?.name ?? item.agencyId}`;
    case 'never-reached': {
      const person = p.people.find((x) => x.id === item.personId);
      const org = person?.externalAccessOnly
        ? ' (reached only by external access: invite them as a guest)'
        : person?.guest
          ? ` (guest from ${person.organisation ?? 'another organisation'})`
          : '';
      return `Never reached in Teams: ${person?.displayName ?? item.personId}${org}`;
    }
  }
}

function dayText(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  return d.toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
