import { presentDataProtection } from '../cards/data-protection/present.js';
import type { DataProtectionUseCases } from '../services/data-protection/index.js';
import type { CardActionRouter } from './card-actions.js';
import type { Command } from './commands.js';

export function dataProtectionCommands(dataProtection: DataProtectionUseCases): Command[] {
  return [
    {
      name: 'export',
      description: 'Everything Quorum stores about one person, for a subject access request: "export" and their name or person id (manager)',
      permission: 'person.export',
      run: async ({ actor, args }) => presentDataProtection.export(await dataProtection.exportPerson(actor, args)),
    },
    {
      name: 'remove person',
      description: 'Remove someone who has left: "remove person" and their name or person id; their agency\'s answers stay under their seat (manager)',
      permission: 'person.remove',
      run: async ({ actor, args }) => presentDataProtection.removalPreview(await dataProtection.previewRemoval(actor, args)),
    },
  ];
}

export function dataProtectionActions(router: CardActionRouter, dataProtection: DataProtectionUseCases): void {
  router
    .on('person.remove', async (d, { actor }) => presentDataProtection.removed(await dataProtection.remove(actor, d.personId)))
    .on('person.remove-cancel', async (d, { actor }) => presentDataProtection.cancelled(await dataProtection.cancelRemoval(actor, d.personId)));
}
