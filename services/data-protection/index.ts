import { cancelRemoval } from './cancel-removal.js';
import { exportPerson } from './export-person.js';
import { previewRemoval } from './preview-removal.js';
import { removePerson } from './remove-person.js';
import type { DataProtectionPorts } from './support.js';

export type { DataProtectionPorts } from './support.js';

/**
 * Subject access ("export <name>") and removing a person who has left ("remove person <name>"),
 * for the board manager, one slice per use case, returning outcomes as data (cards/data-protection/
 * words them). The one builder that app/compose.ts and the tests call.
 */
export function dataProtectionUseCases(ports: DataProtectionPorts) {
  return {
    ...exportPerson(ports),
    ...previewRemoval(ports),
    ...removePerson(ports),
    ...cancelRemoval(),
  };
}

export type DataProtectionUseCases = ReturnType<typeof dataProtectionUseCases>;
