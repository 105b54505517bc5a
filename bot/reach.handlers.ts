import { presentReach } from '../cards/reach/present.js';
import type { ReachUseCases } from '../services/reach/index.js';
import type { Command } from './commands.js';

export function reachCommands(reach: ReachUseCases): Command[] {
  return [
    {
      name: 'reach',
      description: 'Install Quorum for members who cannot be messaged yet, and list who is still unreachable and why (manager)',
      permission: 'directory.install',
      run: async ({ actor }) => presentReach.report(await reach.reach(actor)),
    },
  ];
}
