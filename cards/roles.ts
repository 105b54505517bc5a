import type { RoleCode } from '../services/domain/directory.js';

/** The constitution's role codes (C App3) in words: the whoami legend and the Members page. */
export const ROLE_MEANINGS: Record<RoleCode, string> = {
  P: 'statutory partner',
  S: 'statutory sector partner',
  C: 'co-opted',
  V: 'voting',
  PO: 'participant observer',
  SA: 'statutory advisor',
  A: 'advisor',
  BS: 'board support',
};
