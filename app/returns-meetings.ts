import { atLondonTime } from '../services/domain/calendar.js';
import type { MeetingUseCases } from '../services/meeting/index.js';
import type { MeetingRepo } from '../services/ports/meetings.js';
import type { ReturnsMeetings } from '../services/ports/returns.js';

/**
 * The returns' way into the meetings (C §6.5 peer reviews): the meetings capability's own schedule
 * use case, as the person planning (the manager or the QA chair, who may schedule the QA body's
 * meetings), with the meeting's deterministic id as the form id, so a retry adds nothing. The
 * meeting's notices, calendar event and register are the meetings' as for any other.
 */
export function returnsMeetings(deps: { meetings: Pick<MeetingUseCases, 'save'>; repo: Pick<MeetingRepo, 'getMeeting' | 'listMeetings'> }): ReturnsMeetings {
  return {
    async find(partnershipId, meetingId) {
      const m = await deps.repo.getMeeting(partnershipId, meetingId);
      return m && { date: m.date, time: m.time, status: m.status };
    },
    async busyDays(partnershipId, bodyId, from, to) {
      const meetings = await deps.repo.listMeetings(partnershipId, {
        bodyIds: [bodyId],
        statuses: ['scheduled', 'held'],
        from: atLondonTime(from, 0).toISOString(),
        to: atLondonTime(to, 23, 59).toISOString(),
      });
      return [...new Set(meetings.map((m) => m.date))];
    },
    async schedule(actor, r) {
      const outcome = await deps.meetings.save(actor, {
        formId: r.meetingId,
        bodyId: r.bodyId,
        date: r.date,
        time: r.time,
        place: r.place,
        guestIds: r.guestIds,
        purpose: { kind: 'peer-review', roundId: r.roundId, agencyId: r.agencyId },
      });
      switch (outcome.kind) {
        case 'added':
        case 'already-added':
        case 'changed':
        case 'unchanged':
          return { kind: 'added', date: outcome.sight.meeting.date, time: outcome.sight.meeting.time };
        case 'rejected':
          return { kind: 'rejected', codes: outcome.problems.map((p) => p.code) };
      }
    },
  };
}
