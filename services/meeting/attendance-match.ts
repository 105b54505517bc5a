import type { Body, Partnership, Person } from '../domain/directory.js';
import { attendingProxy, attendingSeats, namedDeputies, type Apology } from '../domain/meeting.js';
import type { OtherAttendee, ProposedMark } from '../ports/online-meeting-records.js';
import type { AttendanceEntry } from '../ports/online-meetings.js';

export interface MatchInput {
  body: Body;
  partnership: Pick<Partnership, 'bodies' | 'people'>;
  /** Who held each seat on the meeting's day (seat id → person id). */
  holders: Record<string, string>;
  apologies: Apology[];
  entries: AttendanceEntry[];
  /** Minutes in the meeting that count as present. */
  presentMinutes: number;
}

/**
 * The register Teams' attendance report proposes (pure). Each record is matched to a person by
 * Entra object id, else (a guest who joined by email) by the directory's email; one person's records
 * are summed (someone who joined twice, or from two devices). A seat is present when its holder was
 * in for the minimum; else a deputy or proxy named in the apologies (or any deputy the agency named)
 * who was in counts for it, each deputy for one seat only; else apologies if sent, else absent. Anyone matching no seat is listed,
 * never dropped. Those in the room are not in the report: the manager adds them.
 */
export function proposeRegister(input: MatchInput): { marks: ProposedMark[]; others: OtherAttendee[] } {
  const byAad = new Map<string, Person>();
  const byEmail = new Map<string, Person>();
  for (const p of input.partnership.people) {
    byAad.set(p.aadObjectId.toLowerCase(), p);
    if (p.email) byEmail.set(p.email.toLowerCase(), p);
  }
  const seconds = new Map<string, number>();
  const unknown = new Map<string, OtherAttendee & { seconds: number }>();
  for (const e of input.entries) {
    const person = (e.aadObjectId && byAad.get(e.aadObjectId.toLowerCase())) || (e.email && byEmail.get(e.email.toLowerCase())) || undefined;
    if (person) {
      seconds.set(person.id, (seconds.get(person.id) ?? 0) + e.seconds);
      continue;
    }
    const key = e.aadObjectId ? `id:${e.aadObjectId.toLowerCase()}` : `mail:${(e.email ?? e.displayName ?? '').toLowerCase()}`;
    const seen = unknown.get(key);
    unknown.set(key, {
      ...(e.displayName ? { displayName: e.displayName } : seen?.displayName ? { displayName: seen.displayName } : {}),
      ...(e.email ? { email: e.email } : seen?.email ? { email: seen.email } : {}),
      minutes: 0,
      seconds: (seen?.seconds ?? 0) + e.seconds,
    });
  }
  const minutes = (personId: string | undefined) => (personId ? Math.floor((seconds.get(personId) ?? 0) / 60) : 0);
  const counts = (personId: string | undefined) => personId !== undefined && seconds.has(personId) && minutes(personId) >= input.presentMinutes;

  const accounted = new Set<string>();
  const seats = attendingSeats(input.body).map((seat) => {
    const holder = input.holders[seat.id] ?? seat.holderId!;
    const answer = input.apologies.find((a) => a.seatId === seat.id);
    const named = answer?.response === 'apologies' ? (answer.deputyId ?? attendingProxy(answer, input.body.proxies)) : undefined;
    const standing = namedDeputies(input.partnership, seat);
    for (const id of [holder, named, ...standing]) if (id && seconds.has(id)) accounted.add(id);
    return { seat, holder, answer, named, standing, mark: undefined as ProposedMark | undefined };
  });
  // Holders first; then whoever the apologies named; then the agency's standing deputies. A deputy
  // attends for one seat, however many of the agency's seats they could stand in for.
  const used = new Set<string>();
  for (const s of seats) {
    if (!counts(s.holder)) continue;
    s.mark = { seatId: s.seat.id, mark: 'present', minutes: minutes(s.holder) };
    used.add(s.holder);
  }
  const fill = (pick: (s: (typeof seats)[number]) => (string | undefined)[]) => {
    for (const s of seats) {
      if (s.mark) continue;
      const deputy = pick(s).find((id): id is string => id !== undefined && counts(id) && !used.has(id));
      if (!deputy) continue;
      s.mark = { seatId: s.seat.id, mark: 'deputy', deputyId: deputy, minutes: minutes(deputy) };
      used.add(deputy);
    }
  };
  fill((s) => [s.named]);
  fill((s) => s.standing);
  const marks: ProposedMark[] = seats.map(
    (s) => s.mark ?? { seatId: s.seat.id, mark: s.answer?.response === 'apologies' ? 'apologies' : 'absent', minutes: minutes(s.holder) },
  );

  const people = new Map(input.partnership.people.map((p) => [p.id, p]));
  const others: OtherAttendee[] = [
    ...[...seconds.keys()]
      .filter((id) => !accounted.has(id))
      .map((id) => ({ personId: id, displayName: people.get(id)?.displayName, minutes: minutes(id) })),
    ...[...unknown.values()].map(({ seconds: s, ...o }) => ({ ...o, minutes: Math.floor(s / 60) })),
  ];
  return { marks, others };
}
