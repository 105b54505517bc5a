/** What the membership slices share: who is asking, loading the stored membership for them, and the refusals. */
import type { Actor, DirectoryService } from '../directory.service.js';
import { authorize, type Subject } from '../domain/authorization.js';
import { parseDate } from '../domain/calendar.js';
import type { Partnership } from '../domain/directory.js';
import type { DomainError } from '../domain/errors.js';
import { membershipErrors } from '../domain/error-messages/membership.js';
import type { DirectoryRepo } from '../ports/repositories.js';

/**
 * Who is asking: someone in a partnership's directory, or (first run, nothing stored yet) one of
 * the managers named in QUORUM_MANAGERS.
 */
export type MembershipCaller = { actor: Actor } | { setup: { aadObjectId: string; name: string } };

export type StoredMembership = { partnership: Partnership; version: string };

/** The version of an empty store, for the first save. */
export const NOTHING_STORED = 'none';

export interface SetupPorts {
  directory: Pick<DirectoryService, 'findActor' | 'directories'>;
  /** Entra object ids of QUORUM_MANAGERS: the managers while no partnership is stored. */
  setupManagers: readonly string[];
}

/** Whether this person is a named manager and nothing is stored yet: they are to set up the partnership. */
export async function isSetupManager(ports: SetupPorts, aadObjectId: string | undefined): Promise<boolean> {
  if (!aadObjectId || !ports.setupManagers.some((m) => m.toLowerCase() === aadObjectId.toLowerCase())) return false;
  return (await ports.directory.directories()).length === 0;
}

/** The stored membership the caller may keep (undefined on the first run), read from the store with its version. */
export async function loadFor(ports: SetupPorts & { repo: Pick<DirectoryRepo, 'getVersioned'> }, caller: MembershipCaller): Promise<StoredMembership | undefined> {
  if ('actor' in caller) {
    authorize(subjectOf(caller.actor), 'membership.manage');
    const stored = await ports.repo.getVersioned(caller.actor.directory.partnership.id);
    if (!stored) throw membershipErrors.noLongerStored();
    return stored;
  }
  if (!(await isSetupManager(ports, caller.setup.aadObjectId))) throw membershipErrors.askManager();
  return undefined;
}

export function subjectOf(actor: Actor): Subject {
  return { personId: actor.person.id, directory: actor.directory, assignments: actor.assignments, isManager: actor.isManager };
}

export function personOf(caller: MembershipCaller): string {
  return 'actor' in caller ? caller.actor.person.id : `setup:${caller.setup.aadObjectId}`;
}

/** Someone saved first (here or on another instance): the next view reads the store again. */
export function changed(directory: Pick<DirectoryService, 'forget'>): DomainError {
  directory.forget();
  return membershipErrors.changed();
}

export const invalidMembership = membershipErrors.invalid;

export function effectiveDate(given: string | undefined, today: string): string {
  if (given === undefined || given === '') return today;
  try {
    parseDate(given);
  } catch {
    throw invalidMembership([{ field: 'effective', code: 'edit.not-a-date', given: given.slice(0, 20) }]);
  }
  return given;
}

/** The membership without seat history: what an edit or an export of one day works on. */
export function withoutHistory(p: Partnership): Partnership {
  return {
    ...p,
    bodies: p.bodies.map((b) => ({
      ...b,
      seats: b.seats.map((s) => {
        const copy = { ...s };
        delete copy.terms;
        delete copy.endsOn;
        return copy;
      }),
    })),
  };
}
