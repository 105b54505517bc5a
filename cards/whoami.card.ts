import template from './templates/whoami.json' with { type: 'json' };
import { expand, type AdaptiveCard } from './render.js';

export interface WhoAmIData {
  name: string;
  partnership: string;
  isManager: boolean;
  /** A B2B guest's home organisation. */
  organisation?: string;
  guest: boolean;
  chairs: string[];
  seats: { body: string; seat: string; agency: string; as: 'holder' | 'deputy'; roles: string[]; office?: string; votes: boolean }[];
}

export const buildWhoAmI = (data: WhoAmIData): AdaptiveCard =>
  expand(template, {
    ...data,
    organisationText: data.guest
      ? `A guest from ${data.organisation ?? 'another organisation'}: open Quorum in this partnership's Teams organisation to answer.`
      : data.organisation
        ? `From ${data.organisation}`
        : '',
  });
