import template from './templates/whoami.json' with { type: 'json' };
import { expand, type AdaptiveCard } from './render.js';

export interface WhoAmIData {
  name: string;
  partnership: string;
  isManager: boolean;
  chairs: string[];
  seats: { body: string; seat: string; agency: string; as: 'holder' | 'deputy'; roles: string[]; office?: string; votes: boolean }[];
}

export const buildWhoAmI = (data: WhoAmIData): AdaptiveCard => expand(template, data);
