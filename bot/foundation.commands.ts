import { buildHelp } from '../cards/help.card.js';
import { buildWhoAmI } from '../cards/whoami.card.js';
import type { DirectoryService } from '../services/directory/index.js';
import type { Command, CommandRegistry } from './commands.js';

export function foundationCommands(registry: CommandRegistry, directory: DirectoryService): Command[] {
  return [
    {
      name: 'help',
      description: 'What I can do for you',
      run: async ({ actor }) => {
        const commands = registry.visibleTo(actor);
        return buildHelp({
          partnership: actor.directory.partnership.name,
          commands: commands.map((c) => ({ name: c.name, description: c.description, button: c.button })),
        });
      },
    },
    {
      name: 'whoami',
      description: 'Your seats, agency, bodies and roles',
      button: 'Who am I?',
      run: async ({ actor }) => buildWhoAmI(directory.whoAmI(actor)),
    },
  ];
}
