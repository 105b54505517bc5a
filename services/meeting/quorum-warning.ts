import { workingDaysBefore } from '../domain/calendar.js';
import { DEFAULT_QUORUM_WARNING_WORKING_DAYS, meetingBatchId, sameMissing, timesMoved, warningsSinceLastMove } from '../domain/meeting.js';
import { chairAndManagers, forecast, isolated, toPeople, updateMeeting, type MeetingPorts } from './support.js';

type Ports = Pick<MeetingPorts, 'repo' | 'directory' | 'outbox' | 'present' | 'log' | 'clock' | 'reminderHour' | 'quorumWarningWorkingDays'>;

/**
 * The job `meetings.quorum-warning`: from N working days before, warns the chair and the manager when
 * the forecast quorum fails; again if what is missing changes. Each meeting on its own.
 */
export function quorumWarning(ports: Ports) {
  return async function warnQuorum(now: Date = ports.clock.now()): Promise<{ warnings: number }> {
    let warnings = 0;
    const days = ports.quorumWarningWorkingDays ?? DEFAULT_QUORUM_WARNING_WORKING_DAYS;
    for (const directory of await ports.directory.directories()) {
      const meetings = await ports.repo.listMeetings(directory.partnership.id, { statuses: ['scheduled'], from: now.toISOString() });
      const due = meetings.filter((m) => now >= workingDaysBefore(new Date(m.startsAt), days, ports.reminderHour));
      const apologies = await ports.repo.listApologies(directory.partnership.id, due.map((m) => m.id));
      for (const m of due) {
        await isolated(ports.log, { meetingId: m.id, job: 'meetings.quorum-warning' }, async () => {
          const body = directory.body(m.bodyId);
          if (!body) return;
          const mine = apologies.filter((a) => a.meetingId === m.id);
          const result = forecast(directory, body, mine);
          if (result.met) return;
          const missing = result.conditions.flatMap((c) => c.missing);
          const sent = warningsSinceLastMove(m);
          const last = sent[sent.length - 1];
          if (last && sameMissing(last.missing, missing)) return;
          const n = sent.length + 1;
          const moves = timesMoved(m);
          const card = ports.present.quorumWarning(directory, { meeting: m, apologies: mine, forecast: result, now });
          await ports.outbox.enqueue(toPeople(directory, m, chairAndManagers(directory, body), meetingBatchId(m, `quorum:${n}`), () => card));
          await updateMeeting(ports.repo, m, (x) =>
            timesMoved(x) !== moves || warningsSinceLastMove(x).length >= n
              ? x
              : { ...x, quorumWarnings: [...x.quorumWarnings, { at: now.toISOString(), missing, ...(moves ? { moves } : {}) }] },
          );
          warnings++;
          ports.log.info({ meetingId: m.id, n }, 'quorum warning queued');
        });
      }
    }
    return { warnings };
  };
}
