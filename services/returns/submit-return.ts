import type { Actor } from '../directory/index.js';
import { londonDate } from '../domain/calendar.js';
import { readReturn, registerActionsOf, withSubmission, type AgencyReturn, type ReturnProblem, type ReturnRound } from '../domain/returns.js';
import { changeReturn, requireReturn, roundFacts, type ReturnsPorts } from './support.js';
import type { ReturnRequest } from './save-draft.js';

export type SubmitOutcome =
  | { kind: 'submitted'; ret: AgencyReturn; late: boolean; actionIds: string[]; replay: boolean }
  | { kind: 'already-submitted'; by?: string; at?: string }
  | { kind: 'rejected'; problems: ReturnProblem[] };

/**
 * Submitting is explicit and recorded with who and when. A return already submitted (by anyone) is
 * not overwritten: a second submit from another person of the agency is told who submitted; only the
 * manager's reopening makes it editable again. Each Amber or Red action goes to the register.
 */
export function submitReturn(ports: ReturnsPorts) {
  return async (actor: Actor, input: ReturnRequest): Promise<SubmitOutcome> => {
    const { round, ret } = await requireReturn(ports, actor, input.roundId, input.agencyId, 'fill');
    if (ret.status === 'submitted') return settled(ports, actor, round, ret);
    const now = ports.clock.now();
    const read = readReturn(round, ret.agencyId, input.answers, 'submit', londonDate(now));
    if (read.problems.length) return { kind: 'rejected', problems: read.problems };
    const at = now.toISOString();
    const stored = await changeReturn(ports.repo, ret, (current) => (current.status === 'submitted' ? current : withSubmission(current, read, actor.person.id, at, round.deadline)));
    if (stored.submittedAt !== at || stored.submittedBy !== actor.person.id) return settled(ports, actor, round, stored);
    await ports.audit.record({ partnershipId: stored.partnershipId, at, actor: actor.person.id, action: 'returns.submit', subject: stored.id, after: { late: stored.late ?? false } });
    const withActions = await registerActions(ports, round, stored);
    return { kind: 'submitted', ret: withActions, late: stored.late ?? false, actionIds: actionIdsOf(withActions), replay: false };
  };
}

/** A retried submit by its submitter finishes the registering; anyone else is told who submitted. */
async function settled(ports: ReturnsPorts, actor: Actor, round: ReturnRound, ret: AgencyReturn): Promise<SubmitOutcome> {
  if (ret.submittedBy !== actor.person.id) return { kind: 'already-submitted', by: ret.submittedBy, at: ret.submittedAt };
  const withActions = await registerActions(ports, round, ret);
  return { kind: 'submitted', ret: withActions, late: ret.late ?? false, actionIds: actionIdsOf(withActions), replay: true };
}

const actionIdsOf = (r: AgencyReturn) => r.standards.flatMap((s) => s.actions.flatMap((a) => (a.actionId ? [a.actionId] : [])));

/** Puts the Amber and Red actions in the register (governed by the QA sub-group) and notes their ids on the return. */
export async function registerActions(ports: Pick<ReturnsPorts, 'actions' | 'repo'>, round: ReturnRound, ret: AgencyReturn): Promise<AgencyReturn> {
  const wanted = registerActionsOf(ret).filter((w) => !w.action.actionId);
  if (wanted.length === 0) return ret;
  const registered = new Set(
    await ports.actions.register(
      wanted.map((w) => ({
        id: w.id,
        partnershipId: ret.partnershipId,
        bodyId: round.qaBodyId,
        agencyId: ret.agencyId,
        standardId: w.standardId,
        standardText: round.standards.find((s) => s.id === w.standardId)?.text ?? w.standardId,
        rating: w.rating === 'red' ? 'red' : 'amber',
        action: w.action,
        round: roundFacts(round),
        registeredFor: round.createdBy,
      })),
    ),
  );
  const ids = new Map(wanted.map((w) => [`${w.standardId}:${w.action.what}:${w.action.due}`, w.id]));
  return changeReturn(ports.repo, ret, (current) => {
    let changed = false;
    const standards = current.standards.map((s) => ({
      ...s,
      actions: s.actions.map((a) => {
        const id = ids.get(`${s.standardId}:${a.what}:${a.due}`);
        if (a.actionId || !id || !registered.has(id)) return a;
        changed = true;
        return { ...a, actionId: id };
      }),
    }));
    return changed ? { ...current, standards } : current;
  });
}
