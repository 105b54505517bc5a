import type { Actor } from '../directory.service.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import { findPerson, type ExportView, type PersonalDataExport } from '../domain/data-protection.js';
import { collect, type DataProtectionPorts } from './support.js';

type ExportPorts = Pick<DataProtectionPorts, 'stores' | 'audit' | 'clock' | 'log'>;

/** Subject access ("export <name>"): everything stored about one person, from every store, as one JSON document. */
export function exportPerson(ports: ExportPorts) {
  return {
    async exportPerson(actor: Actor, query: string): Promise<ExportView> {
      authorize(subjectOf(actor), 'person.export');
      const directory = actor.directory;
      const person = findPerson(directory, query);
      const now = ports.clock.now().toISOString();
      const sections = await collect(ports, directory, person);
      // Confidential records are disclosed to the person they name; the trail says which, and who exported them.
      const confidential = sections.flatMap((s) => s.records.filter(isConfidential).map((r) => r.id));
      await ports.audit.record({
        partnershipId: directory.partnership.id,
        at: now,
        actor: actor.person.id,
        action: 'person.export',
        subject: person.id,
        after: { records: Object.fromEntries(sections.map((s) => [s.store, s.records.length])), ...(confidential.length ? { confidential } : {}) },
      });
      ports.log.info({ partnershipId: directory.partnership.id, personId: person.id, by: actor.person.id }, 'personal data exported');
      const document: PersonalDataExport = { partnership: directory.partnership.id, exportedAt: now, person, sections };
      return {
        personId: person.id,
        personName: person.displayName,
        exportedAt: now,
        sections: sections.map((s) => ({ store: s.store, count: s.records.length })),
        document,
      };
    },
  };
}

const isConfidential = (r: unknown): r is { id: string; confidential: true } =>
  typeof r === 'object' && r !== null && (r as { confidential?: unknown }).confidential === true && typeof (r as { id?: unknown }).id === 'string';
