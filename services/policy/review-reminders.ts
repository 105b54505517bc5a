import { chaseBatchId, chaseDay, chairOf, leadPeople } from '../domain/action.js';
import { londonDate } from '../domain/calendar.js';
import type { Directory } from '../domain/directory.js';
import { policyNextChaseOn, policyRemindersDue, type PolicyDocument, type PolicyReminder } from '../domain/policy-document.js';
import type { NewDelivery } from '../ports/outbox.js';
import type { PolicyPorts } from './support.js';
import { changePolicy, policyBody, rulesOf, viewerOf } from './support.js';

/**
 * Review reminders to document managers ahead of the review date (3 and 1 months by default), and
 * the escalation to the Policy sub-group chair once overdue. One failing document, or one
 * partnership whose register cannot be read, is logged and retried by the next run.
 */
export function reviewReminderUseCases(ports: Pick<PolicyPorts, 'repo' | 'directory' | 'outbox' | 'cards' | 'clock' | 'log' | 'reminderHour' | 'rules'>) {
  const rules = rulesOf(ports);

  async function reviewReminders(now: Date = ports.clock.now()): Promise<{ candidates: number; queued: number }> {
    const day = chaseDay(now, ports.reminderHour);
    let candidates = 0;
    let queued = 0;
    for (const d of await ports.directory.directories()) {
      let due: PolicyDocument[];
      try {
        due = await ports.repo.chaseDue(d.partnership.id, day);
      } catch (err) {
        ports.log.error({ partnershipId: d.partnership.id, err: (err as Error).message }, 'policies: could not read the documents due; the next run retries them');
        continue;
      }
      candidates += due.length;
      for (const p of due) {
        try {
          queued += await remindOne(d, p, day);
        } catch (err) {
          ports.log.error({ policyId: p.id, err: (err as Error).message }, 'policies: reminder failed for one document; the next run retries it');
        }
      }
    }
    return { candidates, queued };
  }

  async function remindOne(d: Directory, p: PolicyDocument, day: string): Promise<number> {
    const items: NewDelivery[] = [];
    const today = londonDate(ports.clock.now());
    for (const r of policyRemindersDue(p, day, rules)) {
      const to = recipients(d, p, r);
      if (to.length === 0) ports.log.warn({ policyId: p.id, reminder: r.kind }, 'policies: nobody to send this reminder to');
      for (const personId of to) {
        const person = d.person(personId);
        if (!person) continue;
        const card = ports.cards.reminder({ directory: d, policy: p, viewer: viewerOf(d, p, personId), reminder: r, policyBody: policyBody(d), today });
        items.push({ partnershipId: p.partnershipId, batchId: chaseBatchId(p.id, r), recipientAad: person.aadObjectId, card });
      }
    }
    const created = items.length ? (await ports.outbox.enqueue(items)).created : 0;
    await changePolicy(ports.repo, p, (x) => {
      if (x.status !== 'current' || x.scheduleFrom !== p.scheduleFrom || x.reviewDate !== p.reviewDate) return x;
      const chasedThrough = x.chasedThrough && x.chasedThrough > day ? x.chasedThrough : day;
      const next = policyNextChaseOn({ ...x, chasedThrough }, day, rules);
      return x.chasedThrough === chasedThrough && x.nextChaseOn === next ? x : { ...x, chasedThrough, nextChaseOn: next };
    });
    return created;
  }

  function recipients(d: Directory, p: PolicyDocument, r: PolicyReminder): string[] {
    if (r.audience === 'document-manager') return leadPeople({ leads: [p.documentManager], bodyId: p.approvingBodyId }, d, { deputies: false });
    const chair = chairOf(policyBody(d), d);
    return chair ? [chair] : d.managers().map((m) => m.id);
  }

  return { reviewReminders };
}
