import type { AdaptiveCard } from '../cards/render.js';
import type { ReachService } from '../services/reach.service.js';
import type { Command } from './commands.js';

export function reachCommands(service: ReachService): Command[] {
  return [
    {
      name: 'reach',
      description: 'Install Quorum for members who cannot be messaged yet, and list who is still unreachable and why (manager)',
      permission: 'directory.install',
      run: async ({ actor }) => (await service.reach(actor)) as AdaptiveCard,
    },
  ];
}
