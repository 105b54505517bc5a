import { cadenceMeetingDates, chaseDay, chairOf, reportRemindersDue } from '../domain/action.js';
import { addDays } from '../domain/calendar.js';
import type { Body, Directory } from '../domain/directory.js';
import type { MeetingDates } from '../ports/actions.js';
import type { MeetingRepo } from '../ports/meetings.js';
import type { ActionPorts } from './support.js';
import { chasePolicy } from './support.js';

/** Board meetings from the body's cadence (first Tuesday of each cadence month), until meetings are scheduled. */
export const cadenceMeetings: MeetingDates = {
  async between(directory, bodyId, from, to) {
    const body = directory.body(bodyId);
    return body ? cadenceMeetingDates(body, from, to) : [];
  },
};

/** The body's scheduled meetings from the meetings register; the cadence when none is scheduled in the window. */
export function scheduledMeetings(repo: Pick<MeetingRepo, 'listMeetings'>, fallback: MeetingDates = cadenceMeetings): MeetingDates {
  return {
    async between(directory, bodyId, from, to) {
      const found = await repo.listMeetings(directory.partnership.id, {
        bodyIds: [bodyId],
        statuses: ['scheduled'],
        // startsAt is an instant; a day either side covers London dates at the edges.
        from: `${addDays(from, -2)}T00:00:00.000Z`,
        to: `${addDays(to, 2)}T00:00:00.000Z`,
      });
      const dates = [...new Set(found.map((m) => m.date).filter((d) => d >= from && d <= to))].sort();
      return dates.length ? dates : fallback.between(directory, bodyId, from, to);
    },
  };
}

/** Reminds the chair of each reporting body that its report to the parent's next meeting is due (C App2). */
export function reportReminderUseCases(ports: Pick<ActionPorts, 'directory' | 'outbox' | 'cards' | 'meetings' | 'clock' | 'log' | 'reminderHour' | 'chase'>) {
  const chase = chasePolicy(ports);

  /** One failing body is logged and retried by the next run; the others are still reminded. */
  async function reportReminders(now: Date = ports.clock.now()): Promise<{ reminders: number }> {
    const day = chaseDay(now, ports.reminderHour);
    let reminders = 0;
    for (const d of await ports.directory.directories()) {
      for (const body of d.bodies) {
        try {
          reminders += await remindOne(d, body, day);
        } catch (err) {
          ports.log.error({ bodyId: body.id, err: (err as Error).message }, 'actions: report reminder failed for one body; the next run retries it');
        }
      }
    }
    return { reminders };
  }

  async function remindOne(d: Directory, body: Body, day: string): Promise<number> {
    const reporting = body.reporting;
    const chairId = chairOf(body, d);
    const chair = chairId ? d.person(chairId) : undefined;
    const parent = reporting ? d.body(reporting.toBodyId) : undefined;
    if (!reporting || !chair || !parent) return 0;
    let queued = 0;
    const meetings = await ports.meetings.between(d, parent.id, day, addDays(day, chase.reportLookaheadDays));
    for (const r of reportRemindersDue(reporting, meetings, day, chase)) {
      const card = ports.cards.reportDue({ body, parent, reminder: r, description: reporting.description });
      const batchId = `report:${body.id}:${r.meetingDate}:${r.workingDaysBefore}`;
      queued += (await ports.outbox.enqueue([{ partnershipId: d.partnership.id, batchId, recipientAad: chair.aadObjectId, card }])).created;
    }
    return queued;
  }

  return { reportReminders };
}
