/** The first run: who may keep the membership, and the partnership a named manager sets up from nothing. */
import type { Partnership, Person } from '../domain/directory.js';
import { membershipErrors } from '../domain/error-messages/membership.js';
import { slug } from '../domain/slug.js';
import type { NewPartnershipWords } from '../ports/membership.js';
import { invalidMembership, isSetupManager, type MembershipCaller, type SetupPorts } from './support.js';

/** Ids made here stay short: they appear in links and card data. */
export const ID_LENGTH = 48;

export function firstRun(ports: SetupPorts) {
  return {
    /** The caller for an Entra object id, or undefined when they may not keep the membership at all. */
    async caller(aadObjectId: string, name = 'Board manager'): Promise<MembershipCaller | undefined> {
      const actor = await ports.directory.findActor(aadObjectId);
      if (actor) return { actor };
      return (await isSetupManager(ports, aadObjectId)) ? { setup: { aadObjectId, name } } : undefined;
    },

    setupManagers(): readonly string[] {
      return ports.setupManagers;
    },

    /** Whether this person is a named manager and nothing is stored yet: they are to set up the partnership. */
    isSetup(aadObjectId: string | undefined): Promise<boolean> {
      return isSetupManager(ports, aadObjectId);
    },
  };
}

/**
 * A new partnership: one board, its independent chair's seat vacant, the manager's seat held by the caller; its
 * placeholder rules are described in `words` (the presenter's).
 */
export function newPartnership(caller: MembershipCaller, name: string, source: string | undefined, words: NewPartnershipWords): Partnership {
  if (!('setup' in caller)) throw membershipErrors.setupOver();
  const trimmed = name.trim();
  if (!trimmed) throw invalidMembership([{ field: 'name', code: 'edit.name-needed' }]);
  const id = slug(trimmed, ID_LENGTH) || 'partnership';
  const manager: Person = { id: 'p-board-manager', aadObjectId: caller.setup.aadObjectId, displayName: caller.setup.name };
  return {
    id,
    name: trimmed,
    source: source?.trim() || words.source,
    timeZone: 'Europe/London',
    agencies: [],
    people: [manager],
    bodies: [
      {
        id: 'board',
        name: 'Board',
        kind: 'board',
        seats: [
          { id: 'board-chair', title: 'Independent Chair', roles: [], office: 'independent-chair' },
          { id: 'board-manager', title: 'Board Manager', roles: ['BS'], office: 'manager', holderId: manager.id },
        ],
        quorum: { description: words.quorumDescription, source: words.quorumSource, conditions: [] },
        absence: { kind: 'consecutive', count: 2, deputyResets: false, source: words.absenceSource },
        cadence: { meetingsPerYear: 4, noticeWorkingDays: 10, papersWorkingDays: 5, description: words.cadenceDescription },
      },
    ],
  };
}
