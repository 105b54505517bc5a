import template from './templates/help.json' with { type: 'json' };
import { expand, type AdaptiveCard } from './render.js';

export interface HelpData {
  partnership: string;
  commands: { name: string; description: string }[];
  /** Shortcut buttons; each sends its command as if typed. */
  buttons: { title: string; command: string }[];
}

export const buildHelp = (data: HelpData): AdaptiveCard => expand(template, data);
