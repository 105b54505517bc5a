import { workingDaysBefore } from '../domain/calendar.js';
import type { Directory } from '../domain/directory.js';
import { attendingSeats, isUpcoming, type Meeting } from '../domain/meeting.js';
import type { NewDelivery } from '../ports/outbox.js';
import { isolated, updateMeeting, type MeetingPorts } from './support.js';

type Ports = Pick<MeetingPorts, 'repo' | 'directory' | 'outbox' | 'present' | 'log' | 'clock' | 'reminderHour'>;

/**
 * Notices (ToRs §2.6): each seat-holder gets the meeting card on the meeting's notice day, from the
 * reminder hour, once. `noticeIfDue` also serves a meeting added after its notice day.
 */
export function sendNotices(ports: Ports) {
  async function noticeIfDue(directory: Directory, m: Meeting, now: Date): Promise<boolean> {
    if (m.noticesSentAt || !isUpcoming(m, now)) return false;
    const due = workingDaysBefore(new Date(m.startsAt), m.noticeWorkingDays, ports.reminderHour);
    if (now < due) return false;
    const body = directory.body(m.bodyId);
    if (!body) return false;
    const apologies = await ports.repo.listApologies(m.partnershipId, [m.id]);
    const items: NewDelivery[] = [];
    for (const seat of attendingSeats(body)) {
      const person = directory.person(seat.holderId!);
      if (!person) continue;
      const sight = { meeting: m, apologies, personId: person.id, seatId: seat.id, isManager: false, now, can: { edit: false, cancel: false, brief: false, register: false } };
      items.push({ partnershipId: m.partnershipId, batchId: `meeting:${m.id}:notice:${seat.id}`, recipientAad: person.aadObjectId, card: ports.present.notice(directory, sight) });
    }
    const seated = new Set(attendingSeats(body).map((s) => s.holderId));
    for (const guestId of (m.guestIds ?? []).filter((id) => !seated.has(id))) {
      const person = directory.person(guestId);
      if (!person) continue;
      const sight = { meeting: m, apologies, personId: person.id, isManager: false, now, can: { edit: false, cancel: false, brief: false, register: false } };
      items.push({ partnershipId: m.partnershipId, batchId: `meeting:${m.id}:notice:guest:${person.id}`, recipientAad: person.aadObjectId, card: ports.present.notice(directory, sight) });
    }
    await ports.outbox.enqueue(items);
    await updateMeeting(ports.repo, m, (x) => (x.noticesSentAt ? x : { ...x, noticesSentAt: now.toISOString() }));
    ports.log.info({ meetingId: m.id, cards: items.length }, 'meeting notices queued');
    return true;
  }

  /** The job `meetings.notices`: each meeting on its own, so one that fails does not stop the rest. */
  async function run(now: Date = ports.clock.now()): Promise<{ meetings: number }> {
    let meetings = 0;
    for (const directory of await ports.directory.directories()) {
      for (const m of await ports.repo.listMeetings(directory.partnership.id, { statuses: ['scheduled'], from: now.toISOString() })) {
        await isolated(ports.log, { meetingId: m.id, job: 'meetings.notices' }, async () => {
          if (await noticeIfDue(directory, m, now)) meetings++;
        });
      }
    }
    return { meetings };
  }

  return { sendNotices: run, noticeIfDue };
}
