import type { Job } from '../infra/scheduler/scheduler.js';
import type { ConsultationService } from '../services/consultation.service.js';

/** Every scheduled job: a name, a cron expression in Europe/London, and a thin call into a service. */
export function jobs(s: { consultations: ConsultationService }): Job[] {
  return [
    { name: 'consultations.close', cron: '* * * * *', run: (now) => s.consultations.closeDue(now) },
    { name: 'consultations.remind', cron: '*/15 * * * *', run: (now) => s.consultations.remind(now) },
  ];
}
