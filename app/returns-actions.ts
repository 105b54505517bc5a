import { registerDescription } from '../cards/returns/present.js';
import type { ActionUseCases } from '../services/action/index.js';
import type { DirectoryService } from '../services/directory/index.js';
import type { Logger } from '../services/ports/logger.js';
import type { RegisterActionFacts, ReturnActionRegister } from '../services/ports/returns.js';

/**
 * The returns' way into the action register: the action capability's own create entry point, on
 * behalf of the manager who opened the round (who may add actions for the QA sub-group), with the
 * action's deterministic id as the form id, so a retry adds nothing. Source "Section 11"; led by the
 * agency; chased like every other action.
 */
export function returnActionRegister(deps: { actions: Pick<ActionUseCases, 'create'>; directory: DirectoryService; log: Logger }): ReturnActionRegister {
  return {
    async register(items: RegisterActionFacts[]): Promise<string[]> {
      const done: string[] = [];
      for (const item of items) {
        const directory = await deps.directory.directory(item.partnershipId);
        const manager = directory.person(item.registeredFor);
        const actor = manager && (await deps.directory.findActor(manager.aadObjectId));
        if (!actor) {
          deps.log.warn({ actionId: item.id, roundId: item.round.id }, 'the round has no manager to register its actions; left for the next submit');
          continue;
        }
        const outcome = await deps.actions.create(actor, {
          formId: item.id,
          description: registerDescription(item, directory.agency(item.agencyId)?.name ?? item.agencyId),
          bodyId: item.bodyId,
          leads: [`agency:${item.agencyId}`],
          dueDate: item.action.due,
          source: 'section-11',
          rag: item.rating,
        });
        if (outcome.kind === 'created') done.push(item.id);
        else deps.log.warn({ actionId: item.id, roundId: item.round.id, problems: outcome.problems.map((p) => p.code) }, 'a Section 11 action was not accepted by the register');
      }
      return done;
    },
  };
}
