import type { AdaptiveCard } from '../cards/render.js';
import type { Actor } from '../services/directory/index.js';
import { can, subjectOf, type Permission } from '../services/domain/authorization.js';

export interface CommandRequest {
  actor: Actor;
  /** Whatever followed the command name, trimmed. */
  args: string;
}

export interface Command {
  name: string;
  /** What help says of it when cards/help.card.ts has no entry for it (its entry has the words). */
  description: string;
  /** The shortcut button help shows when cards/help.card.ts has no entry for it. */
  button?: string;
  /**
   * Who sees it in help: those the authorization policy allows this anywhere in the partnership.
   * Everyone can still type it and gets a clear refusal where not allowed.
   */
  permission?: Permission;
  run(request: CommandRequest): Promise<AdaptiveCard | AdaptiveCard[]>;
}

/** Text commands, matched on the longest name that starts the message ("my actions" before "actions"). */
export class CommandRegistry {
  private readonly commands: Command[] = [];

  add(...commands: Command[]): this {
    this.commands.push(...commands);
    this.commands.sort((a, b) => b.name.length - a.name.length);
    return this;
  }

  match(text: string): { command: Command; args: string } | undefined {
    const normalised = text.trim().replace(/\s+/g, ' ');
    const lower = normalised.toLowerCase();
    for (const command of this.commands) {
      if (lower === command.name || lower.startsWith(`${command.name} `)) {
        return { command, args: normalised.slice(command.name.length).trim() };
      }
    }
    return undefined;
  }

  visibleTo(actor: Actor): Command[] {
    return [...this.commands]
      .filter((c) => !c.permission || can(subjectOf(actor), c.permission))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
