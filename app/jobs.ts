import type { Job } from '../infra/scheduler/scheduler.js';
import type { ConsultationService } from '../services/consultation.service.js';
import type { MeetingUseCases } from '../services/meeting/index.js';
import type { ActionUseCases } from '../services/action/index.js';
import type { PolicyUseCases } from '../services/policy/index.js';

/** Every scheduled job: a name, a cron expression in Europe/London, and a thin call into a service. */
export function jobs(s: { consultations: ConsultationService; meetings: MeetingUseCases; actions: ActionUseCases; policies: PolicyUseCases }): Job[] {
  return [
    { name: 'consultations.close', cron: '* * * * *', run: (now) => s.consultations.closeDue(now) },
    { name: 'consultations.remind', cron: '*/15 * * * *', run: (now) => s.consultations.remind(now) },
    { name: 'meetings.plan', cron: '10 * * * *', run: (now) => s.meetings.planFromCadence(now) },
    { name: 'meetings.notices', cron: '*/15 * * * *', run: (now) => s.meetings.sendNotices(now) },
    { name: 'meetings.quorum-warning', cron: '*/15 * * * *', run: (now) => s.meetings.warnQuorum(now) },
    { name: 'meetings.brief', cron: '*/15 * * * *', run: (now) => s.meetings.sendBriefs(now) },
    { name: 'absences.detect', cron: '20 7 * * *', run: (now) => s.meetings.detectAbsences(now) },
    // Hourly through the working day, so a missed 09:00 run is caught up; each run sends what is due once.
    { name: 'actions.chase', cron: '0 9-17 * * 1-5', run: (now) => s.actions.chaseDue(now) },
    { name: 'actions.digest', cron: '5 9-17 * * 1-5', run: (now) => s.actions.digest(now) },
    { name: 'actions.reports', cron: '10 9-17 * * 1-5', run: (now) => s.actions.reportReminders(now) },
    { name: 'policies.review', cron: '15 9-17 * * 1-5', run: (now) => s.policies.reviewReminders(now) },
    { name: 'policies.annual-report', cron: '25 9-17 * 4 1-5', run: (now) => s.policies.annualReport(now) },
  ];
}
