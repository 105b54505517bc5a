import type { Actor } from '../directory/index.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import type { RemovalCancelledView } from '../domain/data-protection.js';

/** The manager answered "no" to the removal preview: nothing changes. */
export function cancelRemoval() {
  return {
    async cancelRemoval(actor: Actor, personId: string): Promise<RemovalCancelledView> {
      authorize(subjectOf(actor), 'person.remove');
      return { personName: actor.directory.person(personId)?.displayName ?? personId };
    },
  };
}
