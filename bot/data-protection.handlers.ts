import type { AdaptiveCard } from '../cards/render.js';
import type { DataProtectionService } from '../services/data-protection.service.js';
import type { CardActionRouter } from './card-actions.js';
import type { Command } from './commands.js';

const asCard = (payload: Record<string, unknown>) => payload as AdaptiveCard;

export function dataProtectionCommands(service: DataProtectionService): Command[] {
  return [
    {
      name: 'export',
      description: 'Everything Quorum stores about one person, for a subject access request: "export" and their name or person id (manager)',
      permission: 'person.export',
      run: async ({ actor, args }) => (await service.exportPerson(actor, args)).map(asCard),
    },
    {
      name: 'remove person',
      description: 'Remove someone who has left: "remove person" and their name or person id; their agency\'s answers stay under their seat (manager)',
      permission: 'person.remove',
      run: async ({ actor, args }) => asCard(await service.previewRemoval(actor, args)),
    },
  ];
}

export function dataProtectionActions(router: CardActionRouter, service: DataProtectionService): void {
  router
    .on('person.remove', async (d, { actor }) => asCard(await service.remove(actor, d.personId)))
    .on('person.remove-cancel', async (d, { actor }) => asCard(await service.cancelRemoval(actor, d.personId)));
}
