import type { Actor } from '../directory.service.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import { dissentRoutesOf, findPerson, standInFor, type RemovalPreviewView } from '../domain/data-protection.js';
import { collect, refuseSelf, type DataProtectionPorts } from './support.js';

/** The first step of removing someone who has left ("remove person <name>"): what will happen. Nothing changes yet. */
export function previewRemoval(ports: Pick<DataProtectionPorts, 'stores' | 'standInWords'>) {
  return {
    async previewRemoval(actor: Actor, query: string): Promise<RemovalPreviewView> {
      authorize(subjectOf(actor), 'person.remove');
      const directory = actor.directory;
      const person = findPerson(directory, query);
      refuseSelf(actor, person);
      const sections = await collect(ports, directory, person);
      const standIn = standInFor(directory, person.id, ports.standInWords);
      return {
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
    },
  };
}
