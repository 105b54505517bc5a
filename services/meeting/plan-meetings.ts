import { addDays, addMonths, londonDate } from '../domain/calendar.js';
import { cadenceMeetingId, cadenceSlots, DEFAULT_CADENCE_PATTERN, DEFAULT_NOTICE_WORKING_DAYS, startsAt, SYSTEM_ACTOR, type Meeting } from '../domain/meeting.js';
import { audit, isolated, type MeetingPorts } from './support.js';

type Ports = Pick<MeetingPorts, 'repo' | 'directory' | 'audit' | 'clock' | 'log' | 'planMonths' | 'cadencePattern'>;

/**
 * The job `meetings.plan`: creates each body's cadence meetings for the months ahead (C §6.2-6.3,
 * App4); a month that has any meeting of the body is left alone. Each body is planned on its own.
 */
export function planMeetings(ports: Ports) {
  const pattern = ports.cadencePattern ?? DEFAULT_CADENCE_PATTERN;
  return async function planFromCadence(now: Date = ports.clock.now()): Promise<{ created: number }> {
    let created = 0;
    const from = addDays(londonDate(now), 1);
    const until = addMonths(londonDate(now), ports.planMonths ?? 12);
    for (const directory of await ports.directory.directories()) {
      const pid = directory.partnership.id;
      const existing = await ports.repo.listMeetings(pid);
      const taken = new Set(existing.map((m) => `${m.bodyId}\u0000${m.date.slice(0, 7)}`));
      for (const body of directory.bodies) {
        await isolated(ports.log, { partnershipId: pid, bodyId: body.id, job: 'meetings.plan' }, async () => {
          for (const slot of cadenceSlots(body.cadence, from, until, pattern)) {
            const id = cadenceMeetingId(body.id, slot.slot);
            if (taken.has(`${body.id}\u0000${slot.slot}`) || existing.some((m) => m.id === id)) continue;
            const meeting: Meeting = {
              id,
              partnershipId: pid,
              bodyId: body.id,
              date: slot.date,
              time: slot.time,
              startsAt: startsAt(slot.date, slot.time).toISOString(),
              status: 'scheduled',
              origin: 'cadence',
              createdBy: SYSTEM_ACTOR,
              createdAt: now.toISOString(),
              noticeWorkingDays: body.cadence.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS,
              quorumWarnings: [],
              changes: [],
            };
            if (await ports.repo.createMeeting(meeting)) {
              created++;
              await audit(ports, pid, SYSTEM_ACTOR, 'meeting.plan', id);
            }
          }
        });
      }
    }
    if (created) ports.log.info({ created }, 'cadence meetings planned');
    return { created };
  };
}
