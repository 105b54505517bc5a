import type { Directory, Seat } from './directory.js';
import type { ReturnsConfig } from './returns-config.js';

/**
 * Who fills an agency's return: by default its voting member on the main board, whose standing
 * deputy (C §5.6) or a named audit lead may fill it too. The holder is asked first; everyone here
 * may save a draft or submit it.
 */
export interface ReturnLeads {
  agencyId: string;
  holderIds: string[];
  deputyIds: string[];
  auditLeadIds: string[];
}

export function returnLeadsOf(directory: Directory, config: Pick<ReturnsConfig, 'auditLeads'>, agencyId: string): ReturnLeads {
  const board = directory.mainBoard();
  const seats = (board?.seats ?? []).filter((s) => s.agencyId === agencyId && !s.office);
  const voting = seats.filter((s) => s.voting);
  const chosen: Seat[] = voting.length ? voting : seats.filter((s) => s.roles.includes('V')).length ? seats.filter((s) => s.roles.includes('V')) : seats;
  const uniq = (ids: (string | undefined)[]) => [...new Set(ids.filter((id): id is string => !!id && directory.person(id) !== undefined))];
  return {
    agencyId,
    holderIds: uniq(chosen.map((s) => s.holderId)),
    deputyIds: uniq(chosen.map((s) => s.deputyId)),
    auditLeadIds: uniq((config.auditLeads ?? []).filter((l) => l.agencyId === agencyId).map((l) => l.personId)),
  };
}

export const leadIdsOf = (l: ReturnLeads) => [...new Set([...l.holderIds, ...l.deputyIds, ...l.auditLeadIds])];
