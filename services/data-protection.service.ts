import type { Actor, DirectoryService } from './directory.service.js';
import { authorize, subjectOf } from './domain/authorization.js';
import {
  dissentRoutesOf,
  findPerson,
  standInFor,
  withoutPerson,
  type PersonalDataSection,
  type RemovalPreviewView,
} from './domain/data-protection.js';
import type { Directory, Person } from './domain/directory.js';
import { DomainError } from './domain/errors.js';
import type { Clock } from './ports/clock.js';
import type { Logger } from './ports/logger.js';
import type { CardPayload } from './ports/outbox.js';
import type { DataProtectionCards, PersonalData } from './ports/personal-data.js';
import type { AuditLog } from './ports/repositories.js';

export interface DataProtectionDeps {
  directory: DirectoryService;
  /** Every store that keeps personal data, apart from the directory itself. */
  stores: PersonalData[];
  audit: AuditLog;
  cards: DataProtectionCards;
  clock: Clock;
  log: Logger;
}

/**
 * Subject access ("export <name>") and removing a person who has left ("remove person <name>"),
 * for the board manager. Removal keeps the governance record: the agency's answers stay,
 * attributed to the seat they were given from.
 */
export class DataProtectionService {
  constructor(private readonly deps: DataProtectionDeps) {}

  /** Everything stored about one person, from every store, as one JSON document. */
  async exportPerson(actor: Actor, query: string): Promise<CardPayload[]> {
    authorize(subjectOf(actor), 'person.export');
    const directory = actor.directory;
    const person = findPerson(directory, query);
    const now = this.deps.clock.now().toISOString();
    const sections = await this.collect(directory, person);
    // Confidential records are disclosed to the person they name; the trail says which, and who exported them.
    const confidential = sections.flatMap((s) => s.records.filter(isConfidential).map((r) => r.id));
    await this.deps.audit.record({
      partnershipId: directory.partnership.id,
      at: now,
      actor: actor.person.id,
      action: 'person.export',
      subject: person.id,
      after: { records: Object.fromEntries(sections.map((s) => [s.store, s.records.length])), ...(confidential.length ? { confidential } : {}) },
    });
    this.deps.log.info({ partnershipId: directory.partnership.id, personId: person.id, by: actor.person.id }, 'personal data exported');
    const document = { partnership: directory.partnership.id, exportedAt: now, person, sections };
    return this.deps.cards.export({
      personId: person.id,
      personName: person.displayName,
      exportedAt: now,
      sections: sections.map((s) => ({ store: s.store, count: s.records.length })),
      json: JSON.stringify(document, null, 1),
    });
  }

  /** The first step of a removal: what will happen, and a button to confirm. Nothing changes yet. */
  async previewRemoval(actor: Actor, query: string): Promise<CardPayload> {
    authorize(subjectOf(actor), 'person.remove');
    const directory = actor.directory;
    const person = findPerson(directory, query);
    this.refuseSelf(actor, person);
    const sections = await this.collect(directory, person);
    const standIn = standInFor(directory, person.id);
    const view: RemovalPreviewView = {
      personId: person.id,
      personName: person.displayName,
      seats: directory.assignmentsOf(person.id).map((a) => ({
        body: a.body.name,
        seat: a.seat.title,
        as: a.as,
        standIn: standIn({ seatId: a.seat.id }),
      })),
      chairs: directory.chairedBodies(person.id).map((b) => b.name),
      dissentRoutes: dissentRoutesOf(directory.partnership, person.id).map((id) => directory.body(id)?.name ?? id),
      sections: sections.map((s) => ({ store: s.store, count: s.records.length })),
    };
    return this.deps.cards.removalPreview(view);
  }

  /**
   * Removes the person: every store first, the directory last, so a removal that fails half-way
   * is finished by confirming again (the person is still found). Repeating a finished one changes nothing.
   */
  async remove(actor: Actor, personId: string): Promise<CardPayload> {
    authorize(subjectOf(actor), 'person.remove');
    const partnershipId = actor.directory.partnership.id;
    // The actor's directory may be stale; read the current one.
    const directory = await this.deps.directory.directory(partnershipId);
    const person = directory.person(personId);
    if (!person) {
      return this.deps.cards.removed({ personName: personId, seats: [], sections: [], alreadyRemoved: true });
    }
    this.refuseSelf(actor, person);
    const standIn = standInFor(directory, person.id);
    const seats = directory.assignmentsOf(person.id);

    const sections: { store: string; count: number }[] = [];
    for (const store of this.deps.stores) {
      sections.push({ store: store.name, count: await store.erase(partnershipId, person, standIn) });
    }
    const { partnership, vacated, dissentCleared } = withoutPerson(directory.partnership, person.id);
    await this.deps.directory.save(partnership, actor.person.id);
    sections.unshift({ store: 'directory', count: vacated.length + dissentCleared.length + 1 });

    await this.deps.audit.record({
      partnershipId,
      at: this.deps.clock.now().toISOString(),
      actor: actor.person.id,
      action: 'person.remove',
      subject: standIn(),
      after: { vacated, ...(dissentCleared.length ? { dissentCleared } : {}), records: Object.fromEntries(sections.map((s) => [s.store, s.count])) },
    });
    this.deps.log.info({ partnershipId, by: actor.person.id, seats: vacated.length }, 'person removed from the partnership');
    return this.deps.cards.removed({
      personName: person.displayName,
      seats: seats.map((a) => ({ body: a.body.name, seat: a.seat.title, as: a.as })),
      sections,
      alreadyRemoved: false,
    });
  }

  async cancelRemoval(actor: Actor, personId: string): Promise<CardPayload> {
    authorize(subjectOf(actor), 'person.remove');
    return this.deps.cards.cancelled(actor.directory.person(personId)?.displayName ?? personId);
  }

  private async collect(directory: Directory, person: Person): Promise<PersonalDataSection[]> {
    const own: PersonalDataSection = {
      store: 'directory',
      records: [
        {
          person,
          seats: directory.assignmentsOf(person.id).map((a) => ({
            bodyId: a.body.id,
            body: a.body.name,
            seatId: a.seat.id,
            seat: a.seat.title,
            agencyId: a.seat.agencyId,
            as: a.as,
            roles: a.seat.roles,
            office: a.seat.office,
          })),
          isManager: directory.isManager(person.id),
        },
      ],
    };
    const rest = [];
    for (const store of this.deps.stores) {
      rest.push({ store: store.name, records: await store.export(directory.partnership.id, person) });
    }
    return [own, ...rest];
  }

  private refuseSelf(actor: Actor, person: Person) {
    if (person.id === actor.person.id) {
      throw new DomainError(
        'PERSON.SELF',
        'You cannot remove yourself: the partnership would lose its manager. Ask the new manager to do it once they are in the directory.',
      );
    }
  }
}

const isConfidential = (r: unknown): r is { id: string; confidential: true } =>
  typeof r === 'object' && r !== null && (r as { confidential?: unknown }).confidential === true && typeof (r as { id?: unknown }).id === 'string';
