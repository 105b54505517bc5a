import { chaseDay, chairOf } from '../domain/action.js';
import { addMonths, isWorkingDay, londonDate } from '../domain/calendar.js';
import type { Directory } from '../domain/directory.js';
import { isReviewOverdue } from '../domain/policy-document.js';
import type { PolicyPorts } from './support.js';
import { ANNUAL_REPORT_SHOWN, rulesOf } from './support.js';

/**
 * The register reported to the board once a year (Policy-ToR App1): on the first working day of
 * April (a later April day catches up a missed run), the register, overdue and soon-due documents
 * first, to the chair of the main board and the board manager, to table at the next meeting. Once
 * a year however often the job runs; a partnership with an empty register gets nothing; one
 * partnership that fails is logged and the others still get theirs.
 */
export function annualReportUseCases(ports: Pick<PolicyPorts, 'repo' | 'directory' | 'outbox' | 'cards' | 'clock' | 'log' | 'reminderHour' | 'rules'>) {
  const rules = rulesOf(ports);

  async function annualReport(now: Date = ports.clock.now()): Promise<{ reports: number }> {
    const day = chaseDay(now, ports.reminderHour);
    const [financialYear, month] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
    if (month !== 4 || !isWorkingDay(day)) return { reports: 0 };
    let reports = 0;
    for (const d of await ports.directory.directories()) {
      try {
        reports += await reportOne(d, financialYear, londonDate(now));
      } catch (err) {
        ports.log.error({ partnershipId: d.partnership.id, err: (err as Error).message }, 'policies: annual register report failed for one partnership; the next run retries it');
      }
    }
    return { reports };
  }

  async function reportOne(d: Directory, financialYear: number, today: string): Promise<number> {
    const horizon = addMonths(today, rules.dueWithinMonths);
    const register = (await ports.repo.listCurrent(d.partnership.id)).sort((a, b) => a.reviewDate.localeCompare(b.reviewDate) || a.title.localeCompare(b.title));
    if (register.length === 0) return 0;
    const overdue = register.filter((p) => isReviewOverdue(p, today)).length;
    const dueSoon = register.filter((p) => !isReviewOverdue(p, today) && p.reviewDate <= horizon).length;
    // A Teams message holds about 28 KB: a long register shows its soonest reviews, and says so.
    const card = ports.cards.annualReport({ directory: d, financialYear, register, shown: ANNUAL_REPORT_SHOWN, overdue, dueSoon, horizon, today });
    const to = [...new Set([chairOf(d.mainBoard(), d), ...d.managers().map((m) => m.id)].filter((id): id is string => id !== undefined))];
    const items = to.flatMap((personId) => {
      const person = d.person(personId);
      return person ? [{ partnershipId: d.partnership.id, batchId: `policy-register:${financialYear}`, recipientAad: person.aadObjectId, card }] : [];
    });
    const { created } = await ports.outbox.enqueue(items);
    if (created === 0) return 0;
    ports.log.info({ partnershipId: d.partnership.id, financialYear, documents: register.length }, 'policies: annual register report queued');
    return 1;
  }

  return { annualReport };
}
