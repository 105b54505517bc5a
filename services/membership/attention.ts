/** What needs the manager's attention in the membership (the `members` command and the top of the Members page). */
import type { Actor } from '../directory/index.js';
import { authorize } from '../domain/authorization.js';
import type { Partnership } from '../domain/directory.js';
import type { AttentionItem } from '../domain/membership-views.js';
import type { ConversationRefRepo } from '../ports/repositories.js';
import { subjectOf } from './support.js';

/** What a manager should see first: a seat nobody fills before a person nobody has reached yet. */
const ATTENTION_ORDER: AttentionItem['kind'][] = ['vacant-seat', 'no-voting-seat', 'missing-deputy', 'never-reached'];

export interface AttentionPorts {
  conversations: Pick<ConversationRefRepo, 'list'>;
}

/** The Entra object ids (lower case) of the people Quorum can reach in Teams. */
export async function reachedIn(ports: AttentionPorts, partnershipId: string): Promise<Set<string>> {
  return new Set((await ports.conversations.list(partnershipId)).filter((c) => !c.unreachable).map((c) => c.aadObjectId.toLowerCase()));
}

/** Vacant seats, statutory agencies with no vote, missing standing deputies and people never reached, in that order. */
export async function attentionOf(ports: AttentionPorts, current: Partnership, reachedSet?: Set<string>): Promise<AttentionItem[]> {
  const reached = reachedSet ?? (await reachedIn(ports, current.id));
  const items: AttentionItem[] = [];
  const seated = new Set<string>();
  const voting = new Set<string>();
  for (const b of current.bodies) {
    for (const s of b.seats) {
      if (!s.holderId) items.push({ kind: 'vacant-seat', bodyId: b.id, seatId: s.id });
      for (const id of [s.holderId, s.deputyId]) if (id) seated.add(id);
      if (s.agencyId && s.roles.includes('V')) voting.add(s.agencyId);
      const agency = current.agencies.find((a) => a.id === s.agencyId);
      // The board's statutory partners name a standing deputy (C §5.6); sub-group seats need not.
      const needsDeputy = !b.parentBodyId && agency?.statutory === true && !agency.sectorSeat && s.roles.includes('P') && s.office === undefined;
      if (needsDeputy && s.holderId && !s.deputyId) items.push({ kind: 'missing-deputy', bodyId: b.id, seatId: s.id });
    }
  }
  for (const a of current.agencies) if (a.statutory && !voting.has(a.id)) items.push({ kind: 'no-voting-seat', agencyId: a.id });
  for (const p of current.people) if (seated.has(p.id) && !reached.has(p.aadObjectId.toLowerCase())) items.push({ kind: 'never-reached', personId: p.id });
  return items.sort((a, b) => ATTENTION_ORDER.indexOf(a.kind) - ATTENTION_ORDER.indexOf(b.kind));
}

export function membershipAttention(ports: AttentionPorts) {
  return {
    async attention(actor: Actor): Promise<{ items: AttentionItem[]; partnership: Partnership }> {
      authorize(subjectOf(actor), 'membership.manage');
      const partnership = actor.directory.partnership;
      return { items: await attentionOf(ports, partnership), partnership };
    },
  };
}
