import { Directory, type Partnership, type Person, type RoleCode, type SeatAssignment } from '../domain/directory.js';
import { londonDate } from '../domain/calendar.js';
import { seatVotes } from '../domain/consultation.js';
import { membershipErrors } from '../domain/error-messages/membership.js';
import type { AuditLog, DirectoryRepo } from '../ports/repositories.js';
import type { Clock } from '../ports/clock.js';
import { SharedLoads } from '../shared-loads.js';

/** The person behind an activity, resolved against the directory of their partnership. */
export interface Actor {
  directory: Directory;
  person: Person;
  assignments: SeatAssignment[];
  isManager: boolean;
}

export interface WhoAmI {
  name: string;
  partnership: string;
  isManager: boolean;
  /** A B2B guest's home organisation. */
  organisation?: string;
  guest: boolean;
  chairs: string[];
  seats: {
    body: string;
    seat: string;
    /** Absent for the independent chair and board staff, who sit for no agency. */
    agency?: string;
    as: 'holder' | 'deputy';
    roles: RoleCode[];
    office?: string;
    votes: boolean;
  }[];
}

/** The cache's one key: every partnership's directory is loaded together. */
const ALL = 'all';

/** How long an instance may go on using a directory another instance has since changed. */
export const DIRECTORY_MAX_AGE_MS = 60_000;

/**
 * Loads partnership directories and answers who someone is. Directories change rarely and are
 * small, so they are cached: reloaded at once after a save through this service, and at least
 * every DIRECTORY_MAX_AGE_MS so that a change saved on another instance (a leaver removed, say)
 * reaches this one too.
 */
export class DirectoryService {
  // Concurrent callers share one load; a failed load is not kept.
  private readonly cache = new SharedLoads<Directory[]>({
    maxEntries: 1,
    maxAgeMs: DIRECTORY_MAX_AGE_MS,
    now: () => this.deps.clock.now().getTime(),
  });

  constructor(private readonly deps: { repo: DirectoryRepo; audit: AuditLog; clock: Clock }) {}

  directories(): Promise<Directory[]> {
    // Kept at most a minute, so a seat change dated today takes effect within a minute of midnight.
    return this.cache.get(ALL, async () => {
      const today = londonDate(this.deps.clock.now());
      return (await this.deps.repo.listVersioned()).map(({ partnership, version }) => new Directory(partnership, today, version));
    });
  }

  async directory(partnershipId: string): Promise<Directory> {
    const found = (await this.directories()).find((d) => d.partnership.id === partnershipId);
    if (!found) throw membershipErrors.unknownPartnership(partnershipId);
    return found;
  }

  /** The actor for an Entra object id, or undefined when nobody in any partnership has it. */
  async findActor(aadObjectId: string | undefined): Promise<Actor | undefined> {
    if (!aadObjectId) return undefined;
    for (const directory of await this.directories()) {
      const person = directory.personByAad(aadObjectId);
      if (person) {
        return {
          directory,
          person,
          assignments: directory.assignmentsOf(person.id),
          isManager: directory.isManager(person.id),
        };
      }
    }
    return undefined;
  }

  whoAmI(actor: Actor): WhoAmI {
    const { directory, person } = actor;
    return {
      name: person.displayName,
      partnership: directory.partnership.name,
      isManager: actor.isManager,
      ...(person.organisation ? { organisation: person.organisation } : {}),
      guest: person.guest === true,
      chairs: directory.chairedBodies(person.id).map((b) => b.name),
      seats: actor.assignments.map((a) => ({
        body: a.body.name,
        seat: a.seat.title,
        ...(a.agency ? { agency: a.agency.name } : {}),
        as: a.as,
        roles: a.seat.roles,
        office: a.seat.office,
        votes: seatVotes(a.seat, a.body),
      })),
    };
  }

  /** Stores a sample or edited directory; an invalid one never reaches this point (see parsePartnership). */
  async save(partnership: Partnership, savedBy: string): Promise<void> {
    const before = await this.deps.repo.get(partnership.id);
    await this.deps.repo.save(partnership, savedBy);
    await this.deps.audit.record({
      partnershipId: partnership.id,
      at: this.deps.clock.now().toISOString(),
      actor: savedBy,
      action: before ? 'directory.replace' : 'directory.create',
      subject: partnership.id,
    });
    this.cache.delete(ALL);
  }

  /** Drops the cached directories, after a save made elsewhere in this instance. */
  forget(): void {
    this.cache.delete(ALL);
  }

  /** Loads the given partnership only when the store has none yet. Returns whether it did. */
  async seedIfEmpty(partnership: Partnership): Promise<boolean> {
    if ((await this.deps.repo.list()).length > 0) return false;
    await this.save(partnership, 'system');
    return true;
  }
}
