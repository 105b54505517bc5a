import type { Actor } from '../directory/index.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import { returnsErrors } from '../domain/error-messages/returns.js';
import { RETURN_LIMITS, withReopening, type AgencyReturn, type ReturnProblem } from '../domain/returns.js';
import { changeReturn, requireReturn, type ReturnsPorts } from './support.js';

export type ReopenOutcome = { kind: 'reopened'; ret: AgencyReturn } | { kind: 'rejected'; problems: ReturnProblem[] };

/** Only the manager reopens a submitted return; what was submitted is kept in its history, with the reason. */
export function reopenReturn(ports: ReturnsPorts) {
  return async (actor: Actor, input: { roundId: string; agencyId: string; reason?: string }): Promise<ReopenOutcome> => {
    authorize(subjectOf(actor), 'returns.reopen');
    const { ret } = await requireReturn(ports, actor, input.roundId, input.agencyId, 'see');
    const reason = input.reason?.trim() ?? '';
    if (!reason) return { kind: 'rejected', problems: [{ code: 'reason-missing', field: 'reason' }] };
    if (reason.length > RETURN_LIMITS.reason) return { kind: 'rejected', problems: [{ code: 'too-long', field: 'reason', limit: RETURN_LIMITS.reason }] };
    if (ret.status !== 'submitted') throw returnsErrors.notSubmitted();
    const at = ports.clock.now().toISOString();
    const stored = await changeReturn(ports.repo, ret, (current) => (current.status === 'submitted' ? withReopening(current, actor.person.id, at, reason) : current));
    await ports.audit.record({ partnershipId: ret.partnershipId, at, actor: actor.person.id, action: 'returns.reopen', subject: ret.id, after: { reason } });
    return { kind: 'reopened', ret: stored };
  };
}
