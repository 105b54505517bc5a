/**
 * The membership's use cases (setting up a partnership and keeping its membership: the Members
 * page's edits, imports and exports, the people search, what needs attention). compose.ts and the
 * tests build them here, from the ports each slice uses.
 */
import type { DirectoryService } from '../directory/index.js';
import type { Clock } from '../ports/clock.js';
import type { Outbox } from '../ports/consultations.js';
import type { Logger } from '../ports/logger.js';
import type { MembershipCards, MembershipFiles } from '../ports/membership.js';
import type { PeopleDirectory } from '../ports/people-directory.js';
import type { AuditLog, ConversationRefRepo, DirectoryRepo } from '../ports/repositories.js';
import { membershipAttention } from './attention.js';
import { membershipEdits } from './edit.js';
import { firstRun } from './first-run.js';
import { membershipFiles } from './import-export.js';
import { peopleSearch } from './people.js';
import { membersView } from './view.js';

export type { MembershipCaller } from './support.js';
export { invalidMembership } from './support.js';

export interface MembershipPorts {
  repo: DirectoryRepo;
  directory: DirectoryService;
  people: PeopleDirectory;
  files: MembershipFiles;
  conversations: ConversationRefRepo;
  outbox: Outbox;
  cards: MembershipCards;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** Entra object ids of QUORUM_MANAGERS: the managers while no partnership is stored. */
  setupManagers: readonly string[];
}

export function membershipUseCases(ports: MembershipPorts) {
  return {
    ...firstRun(ports),
    ...membersView(ports),
    ...membershipEdits(ports),
    ...membershipFiles(ports),
    ...peopleSearch(ports),
    ...membershipAttention(ports),
  };
}

export type MembershipUseCases = ReturnType<typeof membershipUseCases>;
