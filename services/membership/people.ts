/** People from the tenant's directory (Microsoft Graph, guests included): the search on the Members page, and a person made from a directory user. */
import type { Partnership, Person } from '../domain/directory.js';
import { slug } from '../domain/slug.js';
import type { DirectoryUser, PeopleDirectory } from '../ports/people-directory.js';
import type { DirectoryRepo } from '../ports/repositories.js';
import { ID_LENGTH } from './first-run.js';
import { loadFor, type MembershipCaller, type SetupPorts } from './support.js';

/** Bounds on what a person types into the people search. */
const SEARCH_MAX = 100;

export interface PeopleSearchPorts extends SetupPorts {
  repo: Pick<DirectoryRepo, 'getVersioned'>;
  people: Pick<PeopleDirectory, 'search'>;
}

export function peopleSearch(ports: PeopleSearchPorts) {
  return {
    /** People in the tenant's directory (guests included) matching what the manager typed. */
    async searchPeople(caller: MembershipCaller, query: string): Promise<DirectoryUser[]> {
      await loadFor(ports, caller);
      const q = query.trim().slice(0, SEARCH_MAX);
      if (q.length < 2) return [];
      return ports.people.search(q, 15);
    },
  };
}

export function personFrom(user: DirectoryUser, id: string): Person {
  return {
    id,
    aadObjectId: user.objectId,
    displayName: user.displayName,
    ...(user.email ? { email: user.email } : {}),
    ...(user.organisation ? { organisation: user.organisation } : {}),
    ...(user.guest ? { guest: true } : {}),
  };
}

export function uniquePersonId(p: Partnership, user: DirectoryUser): string {
  const base = `p-${slug(user.email?.split('@')[0] ?? user.displayName, ID_LENGTH) || 'person'}`;
  let id = base;
  for (let i = 2; p.people.some((x) => x.id === id); i++) id = `${base}-${i}`;
  return id;
}
