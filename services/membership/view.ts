/** The Members page's data: the membership of today, each seat's history, and what needs attention. */
import { authorize } from '../domain/authorization.js';
import { addDays, londonDate } from '../domain/calendar.js';
import { chairSeatOf, partnershipOn, type Seat } from '../domain/directory.js';
import { FROM_THE_START } from '../domain/membership.js';
import type { MembersView, SeatRow } from '../domain/membership-views.js';
import type { Clock } from '../ports/clock.js';
import type { DirectoryRepo } from '../ports/repositories.js';
import { attentionOf, reachedIn, type AttentionPorts } from './attention.js';
import { loadFor, NOTHING_STORED, subjectOf, type MembershipCaller, type SetupPorts, type StoredMembership } from './support.js';

export interface ViewPorts extends AttentionPorts, SetupPorts {
  repo: Pick<DirectoryRepo, 'getVersioned'>;
  clock: Clock;
}

/** The page's view of a stored membership (or of nothing yet, on the first run). */
export async function renderMembers(ports: ViewPorts, stored: StoredMembership | undefined): Promise<MembersView> {
  const today = londonDate(ports.clock.now());
  if (!stored) return { version: NOTHING_STORED, today, agencies: [], people: [], bodies: [], seats: [], attention: [] };
  const p = stored.partnership;
  const current = partnershipOn(p, today);
  const reached = await reachedIn(ports, p.id);
  const seatNames = new Map<string, string[]>();
  for (const b of current.bodies)
    for (const s of b.seats)
      for (const id of [s.holderId, s.deputyId])
        if (id) seatNames.set(id, [...(seatNames.get(id) ?? []), `${b.name}: ${s.title}${id === s.deputyId ? ' (deputy)' : ''}`]);
  return {
    partnership: { id: p.id, name: p.name, source: p.source },
    version: stored.version,
    today,
    agencies: p.agencies,
    people: p.people.map((person) => ({ ...person, seats: seatNames.get(person.id) ?? [], reachable: reached.has(person.aadObjectId.toLowerCase()) })),
    bodies: current.bodies.map((b) => ({
      id: b.id,
      name: b.name,
      kind: b.kind,
      ...(b.parentBodyId ? { parentBodyId: b.parentBodyId } : {}),
      quorum: b.quorum,
      absence: b.absence,
      cadence: b.cadence,
      ...(b.reporting ? { reporting: b.reporting } : {}),
      ...(b.decision ? { decision: b.decision } : {}),
      ...(b.proxies ? { proxies: b.proxies } : {}),
      ...optional('chairSeatId', chairSeatOf(b)?.id),
      ...optional('viceChairSeatId', b.seats.find((s) => s.office === 'vice-chair')?.id),
    })),
    seats: p.bodies.flatMap((b) => b.seats.flatMap((s) => seatRow(b.id, s, today) ?? [])),
    attention: await attentionOf(ports, current, reached),
  };
}

export function membersView(ports: ViewPorts) {
  return {
    /**
     * The Members page's data, from the directory this instance already holds (at most a minute old;
     * an edit is checked against the store, and a stale page is told to reload).
     */
    async view(caller: MembershipCaller): Promise<MembersView> {
      if ('actor' in caller) {
        authorize(subjectOf(caller.actor), 'membership.manage');
        const { stored, version } = caller.actor.directory;
        if (version !== undefined) return renderMembers(ports, { partnership: stored, version });
      }
      return renderMembers(ports, await loadFor(ports, caller));
    },
  };
}

function seatRow(bodyId: string, stored: Seat, today: string): SeatRow | undefined {
  const terms = stored.terms ?? [];
  const currentIndex = terms.reduce((at, t, i) => (t.from <= today ? i : at), -1);
  if (stored.endsOn !== undefined && stored.endsOn < today) return undefined;
  const current = currentIndex >= 0 ? terms[currentIndex]! : terms.length ? undefined : stored;
  const next = terms[currentIndex + 1];
  const history = terms
    .slice(0, Math.max(currentIndex, 0))
    .map((t, i) => ({ ...t, to: addDays(terms[i + 1]!.from, -1) }))
    .filter((t) => t.from !== FROM_THE_START || t.holderId !== undefined)
    .reverse();
  return {
    id: stored.id,
    bodyId,
    title: stored.title,
    roles: stored.roles,
    ...(current?.agencyId ?? stored.agencyId ? { agencyId: current?.agencyId ?? stored.agencyId } : {}),
    ...(stored.office ? { office: stored.office } : {}),
    voting: stored.voting === true,
    ...(current?.holderId ? { holderId: current.holderId } : {}),
    ...(current?.deputyId ? { deputyId: current.deputyId } : {}),
    ...(currentIndex >= 0 && terms[currentIndex]!.from !== FROM_THE_START ? { since: terms[currentIndex]!.from } : {}),
    ...(next ? { next } : {}),
    history,
  };
}

const optional = <K extends string>(key: K, value: string | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, string>));
