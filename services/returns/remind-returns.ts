import { londonDate, workingDaysBefore, workingDaysBetween } from '../domain/calendar.js';
import type { Directory } from '../domain/directory.js';
import { returnLeadsOf } from '../domain/returns-leads.js';
import type { AgencyReturn, ReturnRound } from '../domain/returns.js';
import type { NewDelivery } from '../ports/outbox.js';
import { roundFacts, unsummarisedRounds, type ReturnsPorts } from './support.js';

export interface RemindReport {
  reminders: number;
  failed: number;
}

/**
 * Reminds the leads of every agency that has not submitted, on each reminder working day before the
 * deadline, once each: the batch id (round, agency, slot) is the ledger. A round or an agency that
 * fails is logged and skipped; the rest still run.
 */
export function remindReturns(ports: ReturnsPorts) {
  return async (now: Date = ports.clock.now()): Promise<RemindReport> => {
    const report: RemindReport = { reminders: 0, failed: 0 };
    for (const round of await unsummarisedRounds(ports)) {
      if (now.getTime() >= Date.parse(round.deadline)) continue;
      try {
        const slots = round.reminderWorkingDays.filter((days) => {
          const due = workingDaysBefore(new Date(round.deadline), days, ports.reminderHour);
          return now >= due && Date.parse(round.openedAt) < due.getTime();
        });
        if (slots.length === 0) continue;
        const directory = await ports.directories.directory(round.partnershipId);
        const returns = await ports.repo.listReturns(round.partnershipId, [round.id]);
        for (const ret of returns) {
          if (ret.status === 'submitted') continue;
          for (const days of slots) {
            try {
              report.reminders += await remindOne(ports, directory, round, ret, days, now);
            } catch (err) {
              report.failed++;
              ports.log.error({ roundId: round.id, agencyId: ret.agencyId, err: err instanceof Error ? err.message : String(err) }, 'return reminder failed; skipped');
            }
          }
        }
      } catch (err) {
        report.failed++;
        ports.log.error({ roundId: round.id, err: err instanceof Error ? err.message : String(err) }, 'return round reminders failed; skipped');
      }
    }
    if (report.reminders) ports.log.info({ ...report }, 'return reminders queued');
    return report;
  };
}

async function remindOne(ports: ReturnsPorts, d: Directory, round: ReturnRound, ret: AgencyReturn, days: number, now: Date): Promise<number> {
  const config = d.partnership.returns ?? { auditLeads: [] };
  const leads = returnLeadsOf(d, config, ret.agencyId);
  const batchId = `returns:${round.id}:${ret.agencyId}:remind:${days}`;
  const agency = { id: ret.agencyId, name: d.agency(ret.agencyId)?.name ?? ret.agencyId };
  const workingDaysLeft = workingDaysBetween(londonDate(now), londonDate(new Date(round.deadline)));
  const items: NewDelivery[] = [];
  const add = (ids: string[], as: 'holder' | 'deputy' | 'audit-lead') => {
    for (const id of ids) {
      const aad = d.person(id)?.aadObjectId;
      if (!aad || items.some((i) => i.recipientAad === aad)) continue;
      const status = ret.status === 'draft' ? 'draft' : 'not-returned';
      items.push({ partnershipId: round.partnershipId, batchId, recipientAad: aad, card: ports.presenter.reminder({ round: roundFacts(round), agency, as, workingDaysLeft, status }) });
    }
  };
  add(leads.holderIds, 'holder');
  add(leads.deputyIds, 'deputy');
  add(leads.auditLeadIds, 'audit-lead');
  const { created } = await ports.outbox.enqueue(items);
  return created > 0 ? 1 : 0;
}
