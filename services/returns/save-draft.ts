import type { Actor } from '../directory/index.js';
import { londonDate } from '../domain/calendar.js';
import { returnsErrors } from '../domain/error-messages/returns.js';
import { readReturn, withDraft, type AgencyReturn, type ReturnInput, type ReturnProblem } from '../domain/returns.js';
import { changeReturn, requireReturn, type ReturnsPorts } from './support.js';

export interface ReturnRequest {
  roundId: string;
  agencyId: string;
  answers: ReturnInput;
  /** The version the form was loaded at: a save over someone else's newer draft is refused. */
  version?: string;
}

export type SaveDraftOutcome =
  | { kind: 'saved'; ret: AgencyReturn }
  | { kind: 'changed'; by?: string; at?: string }
  | { kind: 'rejected'; problems: ReturnProblem[] };

/** Keeps a draft, gaps and all; the return stays "not returned" for the matrix until it is submitted. */
export function saveDraft(ports: ReturnsPorts) {
  return async (actor: Actor, input: ReturnRequest): Promise<SaveDraftOutcome> => {
    const { round, ret } = await requireReturn(ports, actor, input.roundId, input.agencyId, 'fill');
    if (ret.status === 'submitted') throw returnsErrors.submittedAlready();
    if (input.version && ret.etag && input.version !== ret.etag) return { kind: 'changed', by: ret.draftBy, at: ret.draftAt };
    const now = ports.clock.now();
    const read = readReturn(round, ret.agencyId, input.answers, 'draft', londonDate(now));
    if (read.problems.length) return { kind: 'rejected', problems: read.problems };
    const at = now.toISOString();
    let changedMeanwhile = false;
    const saved = await changeReturn(ports.repo, ret, (current) => {
      if (current.status === 'submitted') throw returnsErrors.submittedAlready();
      if (current.etag !== ret.etag) {
        changedMeanwhile = true;
        return current;
      }
      return withDraft(current, read, actor.person.id, at);
    });
    if (changedMeanwhile) return { kind: 'changed', by: saved.draftBy, at: saved.draftAt };
    await ports.audit.record({ partnershipId: ret.partnershipId, at, actor: actor.person.id, action: 'returns.draft', subject: ret.id });
    return { kind: 'saved', ret: saved };
  };
}
