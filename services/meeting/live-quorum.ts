import type { Actor, DirectoryService } from '../directory/index.js';
import { canSeeMeeting, subjectOf } from '../domain/authorization.js';
import type { Body, Directory } from '../domain/directory.js';
import { meetingErrors } from '../domain/error-messages/meeting.js';
import { attendingProxy, attendingSeats, namedDeputies, presentFromMarks, safeKey, type Apology, type Meeting, type RegisterMark } from '../domain/meeting.js';
import { evaluateQuorum } from '../domain/quorum.js';
import { recordErrors } from '../domain/error-messages/records.js';
import { updateOptimistically } from '../optimistic-update.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { MeetingRepo } from '../ports/meetings.js';
import type { LivePresence, MeetingInvitation, OnlineMeetingRepo } from '../ports/online-meeting-records.js';
import type { LiveQuorumFacts } from '../domain/live-quorum-facts.js';

export type { LiveQuorumFacts };

export const presenceId = (meetingId: string) => safeKey(meetingId, 'presence');
const KEPT_EVENTS = 200;

export type LiveQuorumOutcome =
  /** The chat is not a meeting Quorum put in the calendar. */
  | { kind: 'not-ours' }
  /** The same event again: nothing changed. */
  | { kind: 'duplicate' }
  /** `changed`: quorum was reached or lost by this event, and the chair is to be told. */
  | { kind: 'updated'; changed: boolean; facts: LiveQuorumFacts };

export interface ParticipantsEvent {
  /** The meeting chat's conversation id (19:meeting_…@thread.v2). */
  threadId: string;
  /** The activity id, so a redelivered event is applied once. */
  eventId: string;
  joined: string[];
  left: string[];
  at: string;
}

export interface LiveQuorumDeps {
  meetings: MeetingRepo;
  records: OnlineMeetingRepo;
  directory: DirectoryService;
  clock: Clock;
  log: Logger;
}

/**
 * The live quorum of a meeting held in Teams, from Teams' participant join and leave events: who is
 * present (stored per meeting, each event applied once under the record's ETag, so two instances
 * and redeliveries agree), counted by seat (the holder, or the deputy or proxy named in the
 * apologies, or a deputy the agency named) and evaluated by the body's own rule (domain/quorum.ts).
 * Reaching or losing quorum is reported once per change, by whichever write made it.
 */
export function liveQuorumUseCases(deps: LiveQuorumDeps) {
  const find = async (threadId: string): Promise<{ directory: Directory; invitation: MeetingInvitation; meeting: Meeting } | undefined> => {
    for (const directory of await deps.directory.directories()) {
      const invitation = await deps.records.invitationByThread(directory.partnership.id, threadId);
      if (!invitation) continue;
      const meeting = await deps.meetings.getMeeting(directory.partnership.id, invitation.meetingId);
      if (meeting) return { directory, invitation, meeting };
    }
    return undefined;
  };

  /** The facts for whoever is present, from the meeting's apologies (read once before). */
  const factsOf = async (directory: Directory, m: Meeting) => {
    const body = directory.body(m.bodyId);
    if (!body) throw meetingErrors.bodyGone(m.bodyId);
    const apologies = await deps.meetings.listApologies(m.partnershipId, [m.id]);
    return (present: Set<string>) => compute(directory, m, body, apologies, present);
  };
  const compute = (directory: Directory, m: Meeting, body: Body, apologies: Apology[], present: Set<string>): LiveQuorumFacts => {
    const personByAad = new Map(directory.partnership.people.map((p) => [p.aadObjectId.toLowerCase(), p]));
    const here = new Set([...present].map((aad) => personByAad.get(aad.toLowerCase())?.id).filter((id): id is string => id !== undefined));
    const name = (id: string) => directory.person(id)?.displayName ?? id;
    const marks: Record<string, RegisterMark> = {};
    const accounted = new Set<string>();
    const candidates = attendingSeats(body).map((seat) => {
      const holder = directory.seatOn(body.id, seat.id, m.date)?.holderId ?? seat.holderId!;
      const answer = apologies.find((a) => a.seatId === seat.id);
      const proxy = answer?.response === 'apologies' && !answer.deputyId ? attendingProxy(answer, body.proxies) : undefined;
      const named = answer?.response === 'apologies' ? (answer.deputyId ?? proxy) : undefined;
      const agencyName = directory.agency(seat.agencyId)?.name;
      const base = { seatId: seat.id, seatTitle: seat.title, ...(agencyName ? { agencyName } : {}), holderName: name(holder) };
      return { seat, holder, proxy, named, base, present: undefined as { name: string; as: 'holder' | 'deputy' | 'proxy' } | undefined };
    });
    // Holders first (each seat they hold), then whoever the apologies named, then the agency's standing
    // deputies: a deputy sits for one seat, however many of the agency's seats they could stand in for.
    const fill = (pick: (c: (typeof candidates)[number]) => (string | undefined)[], holders = false) => {
      for (const c of candidates) {
        if (c.present) continue;
        const id = pick(c).find((x) => x !== undefined && here.has(x) && (holders || !accounted.has(x)));
        if (!id) continue;
        accounted.add(id);
        const as = id === c.holder ? 'holder' : id === c.proxy ? 'proxy' : 'deputy';
        marks[c.seat.id] = as === 'holder' ? { mark: 'present' } : { mark: 'deputy', deputyId: id };
        c.present = { name: name(id), as };
      }
    };
    fill((c) => [c.holder], true);
    fill((c) => [c.named]);
    fill((c) => namedDeputies(directory.partnership, c.seat));
    const seats: LiveQuorumFacts['seats'] = candidates.map((c) => (c.present ? { ...c.base, present: c.present } : c.base));
    const result = evaluateQuorum({ body, agencies: directory.partnership.agencies, present: presentFromMarks(marks) });
    const chair = directory.chairSeat(body)?.holderId;
    return {
      meetingId: m.id,
      bodyName: body.name,
      startsAt: m.startsAt,
      quorate: result.met,
      conditions: result.conditions.map((c) => ({ met: c.met, facts: c.facts, missing: c.missing })),
      seats,
      others: [...here].filter((id) => !accounted.has(id)).map(name),
      ...(chair ? { chairName: name(chair) } : {}),
    };
  };

  const save = (p: LivePresence, change: (p: LivePresence) => LivePresence) =>
    updateOptimistically(p, change, { replace: (n) => deps.records.replace('presence', n), reread: () => deps.records.get('presence', p.partnershipId, p.id) }, recordErrors('live-attendance'));

  return {
    async participantsChanged(event: ParticipantsEvent): Promise<LiveQuorumOutcome> {
      const found = await find(event.threadId);
      if (!found) return { kind: 'not-ours' };
      const { directory, meeting } = found;
      const pid = meeting.partnershipId;
      await deps.records.create('presence', { id: presenceId(meeting.id), partnershipId: pid, meetingId: meeting.id, present: {}, applied: [], updatedAt: event.at });
      const current = await deps.records.get('presence', pid, presenceId(meeting.id));
      if (!current) return { kind: 'not-ours' };
      if (current.applied.includes(event.eventId)) return { kind: 'duplicate' };
      // Quorum is evaluated inside the write, so the write that changes it is the one that reports it.
      const evaluate = await factsOf(directory, meeting);
      let facts: LiveQuorumFacts | undefined;
      let changed = false;
      const stored = await save(current, (x) => {
        facts = undefined;
        if (x.applied.includes(event.eventId)) return x;
        const present = { ...x.present };
        for (const aad of event.joined) present[aad.toLowerCase()] = event.at;
        for (const aad of event.left) delete present[aad.toLowerCase()];
        facts = evaluate(new Set(Object.keys(present)));
        // Not quorate before anyone counted is no news: the chat hears when quorum is reached, then lost.
        changed = (x.quorate ?? false) !== facts.quorate;
        return { ...x, present, quorate: facts.quorate, applied: [...x.applied, event.eventId].slice(-KEPT_EVENTS), updatedAt: event.at };
      });
      if (!facts || !stored.applied.includes(event.eventId)) return { kind: 'duplicate' };
      return { kind: 'updated', changed, facts };
    },

    /** The side panel's view, for someone who may see the meeting. */
    async view(actor: Actor, threadId: string): Promise<LiveQuorumFacts> {
      const found = await find(threadId);
      const subject = subjectOf(actor);
      if (!found || found.directory.partnership.id !== actor.directory.partnership.id || !canSeeMeeting(subject, found.meeting, false)) {
        throw meetingErrors.notQuorumMeetingChat();
      }
      const presence = await deps.records.get('presence', found.meeting.partnershipId, presenceId(found.meeting.id));
      return (await factsOf(found.directory, found.meeting))(new Set(Object.keys(presence?.present ?? {})));
    },
  };
}

export type LiveQuorumUseCases = ReturnType<typeof liveQuorumUseCases>;
