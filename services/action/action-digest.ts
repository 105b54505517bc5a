import { canSee, chaseDay, chairOf, digestSlot, isOverdue } from '../domain/action.js';
import { addDays, atLondonTime } from '../domain/calendar.js';
import type { Body, Directory } from '../domain/directory.js';
import type { ActionPorts } from './support.js';
import { chasePolicy, sortedActions } from './support.js';

/** The weekly digest to each sub-group chair: the body's overdue, open and recently completed actions. */
export function actionDigestUseCases(ports: Pick<ActionPorts, 'repo' | 'directory' | 'outbox' | 'cards' | 'clock' | 'log' | 'reminderHour' | 'chase'>) {
  const chase = chasePolicy(ports);

  /** Once a week per body (the batch id is the week's Monday); one failing body is logged and retried by the next run. */
  async function digest(now: Date = ports.clock.now()): Promise<{ digests: number }> {
    const day = chaseDay(now, ports.reminderHour);
    const slot = digestSlot(day);
    if (!slot) return { digests: 0 };
    let digests = 0;
    for (const d of await ports.directory.directories()) {
      for (const body of d.bodies.filter((b) => chase.digestBodyKinds.includes(b.kind))) {
        try {
          digests += await digestOne(d, body, slot, day);
        } catch (err) {
          ports.log.error({ bodyId: body.id, err: (err as Error).message }, 'actions: digest failed for one body; the next run retries it');
        }
      }
    }
    return { digests };
  }

  async function digestOne(d: Directory, body: Body, slot: string, day: string): Promise<number> {
    const chairId = chairOf(body, d);
    const chair = chairId ? d.person(chairId) : undefined;
    if (!chair) return 0;
    const batchId = `digest:${body.id}:${slot}`;
    if ((await ports.outbox.progress(d.partnership.id, batchId)).total > 0) return 0;
    const since = atLondonTime(addDays(slot, -7), 0).toISOString();
    const visible = (await ports.repo.listForBody(d.partnership.id, body.id, since)).filter((a) => canSee(a, chair.id));
    if (visible.length === 0) return 0;
    const open = sortedActions(visible.filter((a) => a.status === 'open'));
    const card = ports.cards.digest({
      directory: d,
      body,
      slot,
      day,
      overdue: open.filter((a) => isOverdue(a, day)),
      open: open.filter((a) => !isOverdue(a, day)),
      completed: visible.filter((a) => a.status === 'complete'),
    });
    return (await ports.outbox.enqueue([{ partnershipId: d.partnership.id, batchId, recipientAad: chair.aadObjectId, card }])).created;
  }

  return { digest };
}
