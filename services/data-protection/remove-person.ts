import type { Actor } from '../directory.service.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import { standInFor, withoutPerson, type RemovalDoneView } from '../domain/data-protection.js';
import { refuseSelf, type DataProtectionPorts } from './support.js';

/**
 * Removing a person who has left, once confirmed. Removal keeps the governance record: the
 * agency's answers stay, attributed to the seat they were given from.
 */
export function removePerson(ports: DataProtectionPorts) {
  return {
    /**
     * Every store first, the directory last, so a removal that fails half-way is finished by
     * confirming again (the person is still found). Repeating a finished one changes nothing.
     */
    async remove(actor: Actor, personId: string): Promise<RemovalDoneView> {
      authorize(subjectOf(actor), 'person.remove');
      const partnershipId = actor.directory.partnership.id;
      // The actor's directory may be stale; read the current one.
      const directory = await ports.directory.directory(partnershipId);
      const person = directory.person(personId);
      if (!person) return { personName: personId, seats: [], sections: [], alreadyRemoved: true };
      refuseSelf(actor, person);
      const standIn = standInFor(directory, person.id, ports.standInWords);
      const seats = directory.assignmentsOf(person.id);

      const sections: { store: string; count: number }[] = [];
      for (const store of ports.stores) {
        sections.push({ store: store.name, count: await store.erase(partnershipId, person, standIn) });
      }
      const { partnership, vacated, dissentCleared } = withoutPerson(directory.partnership, person.id);
      await ports.directory.save(partnership, actor.person.id);
      sections.unshift({ store: 'directory', count: vacated.length + dissentCleared.length + 1 });

      await ports.audit.record({
        partnershipId,
        at: ports.clock.now().toISOString(),
        actor: actor.person.id,
        action: 'person.remove',
        subject: standIn(),
        after: { vacated, ...(dissentCleared.length ? { dissentCleared } : {}), records: Object.fromEntries(sections.map((s) => [s.store, s.count])) },
      });
      ports.log.info({ partnershipId, by: actor.person.id, seats: vacated.length }, 'person removed from the partnership');
      return {
        personName: person.displayName,
        seats: seats.map((a) => ({ body: a.body.name, seat: a.seat.title, as: a.as })),
        sections,
        alreadyRemoved: false,
      };
    },
  };
}
