import type { Actor } from '../directory/index.js';
import type { Apology, Meeting } from '../domain/meeting.js';
import type { MeetingSight } from '../ports/meetings.js';
import { bodiesWhere, requireMeeting, sight, type MeetingPorts } from './support.js';

type Ports = Pick<MeetingPorts, 'repo' | 'clock'>;

/** The actor's upcoming meetings (the next twenty), with every answer given for them. */
export interface UpcomingMeetings {
  meetings: { meeting: Meeting; apologies: Apology[] }[];
  personId: string;
  isManager: boolean;
  canAdd: boolean;
  now: Date;
}

/** Reading meetings: one meeting as the actor sees it, and the actor's upcoming meetings. */
export function meetingQueries(ports: Ports) {
  async function view(actor: Actor, meetingId: string, seatId?: string): Promise<MeetingSight> {
    return sight(ports, actor, await requireMeeting(ports.repo, actor, meetingId), seatId);
  }

  async function upcoming(actor: Actor): Promise<UpcomingMeetings> {
    const directory = actor.directory;
    const now = ports.clock.now();
    const bodyIds = actor.isManager ? directory.bodies.map((b) => b.id) : [...new Set(actor.assignments.map((a) => a.body.id))];
    const meetings = (await ports.repo.listMeetings(directory.partnership.id, { bodyIds, statuses: ['scheduled'], from: now.toISOString() }))
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .slice(0, 20);
    const apologies = await ports.repo.listApologies(directory.partnership.id, meetings.map((m) => m.id));
    return {
      meetings: meetings.map((m) => ({ meeting: m, apologies: apologies.filter((a) => a.meetingId === m.id) })),
      personId: actor.person.id,
      isManager: actor.isManager,
      canAdd: bodiesWhere(actor, 'meeting.schedule').length > 0,
      now,
    };
  }

  return { view, upcoming };
}
