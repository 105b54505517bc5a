import type { Actor } from '../directory/index.js';
import { canSee, chairOf, LIMITS, RAGS, scheduled, type ActionItem, type ProgressEntry, type Rag } from '../domain/action.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import { actionErrors } from '../domain/error-messages/action.js';
import type { ActionViewer } from '../ports/actions.js';
import type { ActionPorts, Problem } from './support.js';
import { audited, chasePolicy, changeAction, requireLead, requireVisible, todayOf, viewerOf } from './support.js';

/** What happened on the lead's or the chair's card; `viewer` and `today` are for showing the card again. */
export type UpdateOutcome = { action: ActionItem; viewer: ActionViewer; today: string } & (
  | { kind: 'progress-recorded' }
  | { kind: 'completed'; already: boolean }
  | { kind: 'due-proposed'; dueDate: string; bodyName: string }
  | { kind: 'due-accepted'; dueDate: string }
  | { kind: 'due-declined'; dueDate: string }
  /** An accept sent again after it was decided. */
  | { kind: 'due-unchanged' }
  | { kind: 'rejected'; problems: Problem[] }
);

/** The lead's updates from the card (progress, RAG, completion, a new due date) and the chair's decision on a new date. */
export function updateActionUseCases(ports: Pick<ActionPorts, 'repo' | 'outbox' | 'cards' | 'audit' | 'clock' | 'chase'>) {
  const chase = chasePolicy(ports);
  const outcome = <K extends Omit<UpdateOutcome, 'action' | 'viewer' | 'today'>>(actor: Actor, action: ActionItem, rest: K) =>
    ({ ...rest, action, viewer: viewerOf(actor.directory, action, actor.person.id), today: todayOf(ports.clock) }) as UpdateOutcome;
  const rejected = (actor: Actor, a: ActionItem, ...problems: Problem[]) => outcome(actor, a, { kind: 'rejected', problems });

  async function update(actor: Actor, input: { actionId: string; note?: string; rag?: string }): Promise<UpdateOutcome> {
    const a = await requireLead(ports.repo, actor, input.actionId);
    const note = input.note?.trim() || undefined;
    const rag = input.rag ? (input.rag.toLowerCase() as Rag) : undefined;
    if (rag !== undefined && !RAGS.includes(rag)) return rejected(actor, a, { code: 'rag.unknown', field: 'rag', text: input.rag });
    if (rag === 'complete') return complete(actor, { actionId: a.id, note });
    if (a.status !== 'open') throw actionErrors.complete(a.ref);
    if ((note?.length ?? 0) > LIMITS.note) return rejected(actor, a, { code: 'note.too-long', field: 'note', length: note!.length, limit: LIMITS.note });
    if (!note && (rag === undefined || rag === a.rag)) return rejected(actor, a, { code: 'update.empty' });
    const at = ports.clock.now().toISOString();
    const entry: ProgressEntry = { at, by: actor.person.id, kind: 'progress', note };
    const stored = await changeAction(ports.repo, a, (x) => {
      if (x.status !== 'open') return x;
      const last = x.progress[x.progress.length - 1];
      if (last && last.kind === 'progress' && last.by === entry.by && (last.note ?? '') === (note ?? '') && (rag === undefined || rag === x.rag)) return x;
      return { ...x, rag: rag ?? x.rag, progress: [...x.progress, { ...entry, rag: rag && rag !== x.rag ? { from: x.rag, to: rag } : undefined }], updatedAt: at };
    });
    await audited(ports, actor, stored, 'action.update', { note, rag });
    return outcome(actor, stored, { kind: 'progress-recorded' });
  }

  async function complete(actor: Actor, input: { actionId: string; note?: string }): Promise<UpdateOutcome> {
    const a = await requireLead(ports.repo, actor, input.actionId);
    if (a.status === 'complete') return outcome(actor, a, { kind: 'completed', already: true });
    const note = input.note?.trim() || undefined;
    if ((note?.length ?? 0) > LIMITS.note) return rejected(actor, a, { code: 'note.too-long', field: 'note', length: note!.length, limit: LIMITS.note });
    const at = ports.clock.now().toISOString();
    const stored = await changeAction(ports.repo, a, (x) =>
      x.status === 'complete'
        ? x
        : {
            ...x,
            status: 'complete',
            rag: 'complete',
            completedAt: at,
            updatedAt: at,
            proposal: undefined,
            nextChaseOn: undefined,
            progress: [...x.progress, { at, by: actor.person.id, kind: 'completed', note, rag: { from: x.rag, to: 'complete' } }],
          },
    );
    await audited(ports, actor, stored, 'action.complete', { note });
    return outcome(actor, stored, { kind: 'completed', already: false });
  }

  /** A lead proposes a new due date; the chair of the governing body is asked to accept or decline it. */
  async function proposeDueDate(actor: Actor, input: { actionId: string; dueDate?: string; reason?: string }): Promise<UpdateOutcome> {
    const a = await requireLead(ports.repo, actor, input.actionId);
    if (a.status !== 'open') throw actionErrors.completeNoNewDate(a.ref);
    const today = todayOf(ports.clock);
    const dueDate = input.dueDate?.trim();
    if (!dueDate || !/^\d{4}-\d{2}-\d{2}$/.test(dueDate)) return rejected(actor, a, { code: 'due.missing', field: 'proposedDue' });
    if (dueDate <= today) return rejected(actor, a, { code: 'due.not-after-today', field: 'proposedDue', dueDate, today });
    if (dueDate === a.dueDate) return rejected(actor, a, { code: 'due.same', field: 'proposedDue', dueDate, ref: a.ref });
    const reason = input.reason?.trim() || undefined;
    if ((reason?.length ?? 0) > LIMITS.reason) return rejected(actor, a, { code: 'reason.too-long', field: 'proposalReason', length: reason!.length, limit: LIMITS.reason });
    const d = actor.directory;
    const body = d.body(a.bodyId);
    const chair = chairOf(body, d);
    if (!chair || !canSee(a, chair)) {
      throw actionErrors.noChair(body?.name ?? a.bodyId, a.confidential);
    }
    const at = ports.clock.now().toISOString();
    const stored = await changeAction(ports.repo, a, (x) =>
      x.proposal?.dueDate === dueDate && x.proposal.by === actor.person.id
        ? x
        : {
            ...x,
            proposal: { dueDate, by: actor.person.id, at, reason },
            updatedAt: at,
            progress: [...x.progress, { at, by: actor.person.id, kind: 'due-proposed', note: reason, due: { from: x.dueDate, to: dueDate } }],
          },
    );
    const person = d.person(chair);
    if (person && stored.proposal) {
      const card = ports.cards.notice({ directory: d, action: stored, viewer: viewerOf(d, stored, chair), notice: { kind: 'due-proposed', by: actor.person.id, dueDate }, day: today, today });
      await ports.outbox.enqueue([{ partnershipId: stored.partnershipId, batchId: `due:${stored.id}:proposed:${stored.proposal.at}`, recipientAad: person.aadObjectId, card }]);
    }
    await audited(ports, actor, stored, 'action.propose-due-date', { dueDate, reason });
    return outcome(actor, stored, { kind: 'due-proposed', dueDate, bodyName: body?.name ?? a.bodyId });
  }

  async function decideDueDate(actor: Actor, input: { actionId: string; dueDate: string; accept: boolean; reason?: string }): Promise<UpdateOutcome> {
    const a = await requireVisible(ports.repo, actor, input.actionId);
    authorize(subjectOf(actor), 'action.accept-due-date', { bodyId: a.bodyId, confidentialTo: a.confidential ? a.viewers : undefined });
    const p = a.proposal;
    if (!p || p.dueDate !== input.dueDate) {
      if (input.accept && a.dueDate === input.dueDate) return outcome(actor, a, { kind: 'due-unchanged' });
      throw actionErrors.noProposal(input.dueDate, a.ref);
    }
    const today = todayOf(ports.clock);
    if (input.accept && p.dueDate <= today) return rejected(actor, a, { code: 'proposal.not-after-today', dueDate: p.dueDate });
    const reason = input.reason?.trim() || undefined;
    const at = ports.clock.now().toISOString();
    const stored = await changeAction(ports.repo, a, (x) => {
      if (x.proposal?.at !== p.at) return x;
      const entry: ProgressEntry = { at, by: actor.person.id, kind: input.accept ? 'due-accepted' : 'due-declined', note: reason, due: { from: x.dueDate, to: p.dueDate } };
      const next: ActionItem = { ...x, proposal: undefined, updatedAt: at, progress: [...x.progress, entry] };
      return input.accept ? scheduled({ ...next, dueDate: p.dueDate }, today, chase) : next;
    });
    const d = actor.directory;
    const proposer = d.person(p.by);
    if (proposer && canSee(stored, p.by)) {
      const notice = input.accept ? ({ kind: 'due-accepted', dueDate: p.dueDate } as const) : ({ kind: 'due-declined', dueDate: p.dueDate, reason } as const);
      const card = ports.cards.notice({ directory: d, action: stored, viewer: viewerOf(d, stored, p.by), notice, day: today, today });
      await ports.outbox.enqueue([{ partnershipId: stored.partnershipId, batchId: `due:${stored.id}:decided:${p.at}`, recipientAad: proposer.aadObjectId, card }]);
    }
    await audited(ports, actor, stored, input.accept ? 'action.accept-due-date' : 'action.decline-due-date', { dueDate: p.dueDate, reason });
    return outcome(actor, stored, { kind: input.accept ? 'due-accepted' : 'due-declined', dueDate: p.dueDate });
  }

  return { update, complete, proposeDueDate, decideDueDate };
}
