import { londonDate, workingDaysBefore, workingDaysBetween } from '../domain/calendar.js';
import { isOpenForAnswers, type Consultation } from '../domain/consultation.js';
import { fanOut } from './deliveries.js';
import type { ConsultationPorts } from './support.js';

type RemindPorts = Pick<ConsultationPorts, 'repo' | 'directory' | 'outbox' | 'presenter' | 'clock' | 'log' | 'reminderHour'>;

/**
 * The reminder job: agencies with no answer are reminded N working days before the deadline, each
 * reminder once (its batch id is the ledger). Each consultation on its own: one that fails is logged
 * and skipped, and the others are still reminded.
 */
export function remindConsultation(ports: RemindPorts) {
  const remindOne = async (c: Consultation, now: Date): Promise<number> => {
    const directory = await ports.directory.directory(c.partnershipId);
    const answers = await ports.repo.listAnswers(c.partnershipId, c.id);
    let reminders = 0;
    for (const days of c.reminderWorkingDays) {
      const due = workingDaysBefore(new Date(c.deadline), days, ports.reminderHour);
      if (now < due || Date.parse(c.openedAt ?? c.createdAt) >= due.getTime()) continue;
      const silent = answers.filter((a) => a.required && a.choice === 'none').map((a) => a.agencyId);
      if (silent.length === 0) continue;
      const reminder = { workingDaysLeft: workingDaysBetween(londonDate(now), londonDate(new Date(c.deadline))) };
      for (const agencyId of silent) {
        await fanOut(ports, directory, c, `reminder:${c.id}:${agencyId}:${days}`, (r) => r.agencies.some((a) => a.agencyId === agencyId && a.canAnswer), reminder);
      }
      reminders += silent.length;
      ports.log.info({ consultationId: c.id, days, agencies: silent.length }, 'consultation reminders queued');
    }
    return reminders;
  };

  return {
    async remind(now: Date = ports.clock.now()): Promise<{ reminders: number }> {
      let reminders = 0;
      for (const c of await ports.repo.listByStatus(['open'])) {
        if (!isOpenForAnswers(c, now)) continue;
        try {
          reminders += await remindOne(c, now);
        } catch (err) {
          ports.log.error({ consultationId: c.id, partnershipId: c.partnershipId, err: (err as Error).message }, 'consultations: reminding failed for one consultation; the next run retries it');
        }
      }
      return { reminders };
    },
  };
}
