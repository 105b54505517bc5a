import { membershipCards } from '../cards/membership/present.js';
import type { MembershipUseCases } from '../services/membership/index.js';
import type { Command } from './commands.js';

export function membershipCommands(service: MembershipUseCases, membersUrl: string): Command[] {
  return [
    {
      name: 'members',
      description: 'What needs attention in the membership: vacant seats, agencies with no vote, people never reached, missing deputies (manager)',
      visibleTo: (actor) => actor.isManager,
      run: async ({ actor }) => {
        const { items, partnership } = await service.attention(actor);
        return membershipCards.attention(partnership, items, membersUrl);
      },
    },
  ];
}
