import { canSee, chaseBatchId, chaseDay, chairOf, leadPeople, nextChaseOn, remindersDue, type ActionItem } from '../domain/action.js';
import type { Directory } from '../domain/directory.js';
import type { NewDelivery } from '../ports/outbox.js';
import type { ActionPorts } from './support.js';
import { chasePolicy, changeAction, todayOf, viewerOf } from './support.js';

export interface ChaseReport {
  /** Actions the sweep read: those with a reminder due, never the whole register. */
  candidates: number;
  /** Reminders (action × reason) that applied. */
  reminders: number;
  /** Cards newly queued; a rerun queues none. */
  queued: number;
  /** Reminders nobody could be sent (a vacant seat, or a chair not named on a confidential action). */
  unaddressed: number;
}

/**
 * The chase: due soon, due today, weekly while overdue, escalation to the chair, and the monthly
 * progress request. Each reminder is queued with its deterministic batch id before the action is
 * marked handled, so a crash in between, a rerun or a second instance queues nothing twice.
 */
export function chaseActionUseCases(ports: Pick<ActionPorts, 'repo' | 'directory' | 'outbox' | 'cards' | 'clock' | 'log' | 'reminderHour' | 'chase'>) {
  const chase = chasePolicy(ports);

  /** Reads only the actions whose `nextChaseOn` has come; one failing action is logged and retried by the next run. */
  async function chaseDue(now: Date = ports.clock.now()): Promise<ChaseReport> {
    const day = chaseDay(now, ports.reminderHour);
    const report: ChaseReport = { candidates: 0, reminders: 0, queued: 0, unaddressed: 0 };
    for (const d of await ports.directory.directories()) {
      let due: ActionItem[];
      try {
        due = await ports.repo.chaseDue(d.partnership.id, day);
      } catch (err) {
        ports.log.error({ partnershipId: d.partnership.id, err: (err as Error).message }, 'actions: could not read the actions due; the next run retries them');
        continue;
      }
      report.candidates += due.length;
      for (const a of due) {
        try {
          await chaseOne(d, a, day, report);
        } catch (err) {
          ports.log.error({ actionId: a.id, err: (err as Error).message }, 'actions: chase failed for one action; the next run retries it');
        }
      }
    }
    if (report.candidates) ports.log.info({ day, ...report }, 'actions chased');
    return report;
  }

  async function chaseOne(d: Directory, a: ActionItem, day: string, report: ChaseReport): Promise<void> {
    const items: NewDelivery[] = [];
    const today = todayOf(ports.clock);
    for (const r of remindersDue(a, day, chase)) {
      report.reminders++;
      const to = r.audience === 'leads' ? leadPeople(a, d, { deputies: false }) : [chairOf(d.body(a.bodyId), d)].filter((x): x is string => x !== undefined);
      const allowed = to.filter((personId) => canSee(a, personId));
      if (allowed.length === 0) {
        report.unaddressed++;
        ports.log.warn({ actionId: a.id, reminder: r.kind }, 'actions: nobody to send this reminder to');
      }
      for (const personId of allowed) {
        const person = d.person(personId);
        if (!person) continue;
        items.push({
          partnershipId: a.partnershipId,
          batchId: chaseBatchId(a.id, r),
          recipientAad: person.aadObjectId,
          card: ports.cards.notice({ directory: d, action: a, viewer: viewerOf(d, a, personId), notice: { kind: 'reminder', reminder: r }, day, today }),
        });
      }
    }
    if (items.length) report.queued += (await ports.outbox.enqueue(items)).created;
    await changeAction(ports.repo, a, (x) => {
      // A schedule changed since it was read (a new due date) keeps its own bookkeeping.
      if (x.status !== 'open' || x.scheduleFrom !== a.scheduleFrom || x.dueDate !== a.dueDate) return x;
      const chasedThrough = x.chasedThrough && x.chasedThrough > day ? x.chasedThrough : day;
      const next = nextChaseOn({ ...x, chasedThrough }, day, chase);
      return x.chasedThrough === chasedThrough && x.nextChaseOn === next ? x : { ...x, chasedThrough, nextChaseOn: next };
    });
  }

  return { chaseDue };
}
