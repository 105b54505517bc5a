import type { Job } from '../infra/scheduler/scheduler.js';
import type { ConsultationUseCases } from '../services/consultation/index.js';
import type { MeetingUseCases } from '../services/meeting/index.js';
import type { ActionUseCases } from '../services/action/index.js';
import type { PolicyUseCases } from '../services/policy/index.js';
import type { ReturnsUseCases } from '../services/returns/index.js';
import type { RetentionUseCases } from '../services/retention/index.js';
import type { OnlineMeetingUseCases } from '../services/meeting/online.js';
import type { LateBounces } from '../services/outbox/index.js';

/** Every scheduled job: a name, a cron expression in Europe/London, and a thin call into a service. */
export function jobs(s: {
  consultations: ConsultationUseCases;
  meetings: MeetingUseCases;
  actions: ActionUseCases;
  policies: PolicyUseCases;
  returns: ReturnsUseCases;
  retention: RetentionUseCases;
  online?: OnlineMeetingUseCases;
  mail?: LateBounces;
}): Job[] {
  const mail = s.mail;
  const online = s.online;
  return [
    // Meetings held in Teams: a calendar event Graph refused is tried again; reports are read once each meeting ends.
    ...(online
      ? [
          { name: 'meetings.invitations', cron: '*/10 * * * *', run: (now: Date) => online.invitations.syncDue(now) },
          { name: 'meetings.attendance-reports', cron: '*/10 * * * *', run: (now: Date) => online.attendance.readDue(now) },
        ]
      : []),
    // Non-delivery reports Exchange sends to the board mailbox after it accepted a mail: each marks its delivery bounced once.
    ...(mail ? [{ name: 'mail.late-bounces', cron: '*/15 * * * *', run: (now: Date) => mail.readLateBounces(now) }] : []),
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
    { name: 'returns.remind', cron: '*/15 * * * *', run: (now) => s.returns.remind(now) },
    { name: 'returns.summarise', cron: '*/15 * * * *', run: (now) => s.returns.summarise(now) },
    { name: 'policies.annual-report', cron: '25 9-17 * 4 1-5', run: (now) => s.policies.annualReport(now) },
    // Daily, early: the dry run for the purge RETENTION_NOTICE_DAYS ahead, then today's announced purge.
    { name: 'retention.purge', cron: '40 6 * * *', run: () => s.retention.run() },
  ];
}
