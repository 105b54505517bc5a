import type { Actor, DirectoryService } from '../directory.service.js';
import type { PersonalDataSection, StandInWords } from '../domain/data-protection.js';
import type { Directory, Person } from '../domain/directory.js';
import { dataProtectionErrors } from '../domain/error-messages/data-protection.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { PersonalData } from '../ports/personal-data.js';
import type { AuditLog } from '../ports/repositories.js';

export interface DataProtectionPorts {
  directory: DirectoryService;
  /** Every store that keeps personal data, apart from the directory itself. */
  stores: PersonalData[];
  audit: AuditLog;
  /** Words the stand-in that replaces a removed person in the record (cards/data-protection/words.ts). */
  standInWords: StandInWords;
  clock: Clock;
  log: Logger;
}

/** Everything stored about one person: the directory's own record, then every store's. */
export async function collect(ports: Pick<DataProtectionPorts, 'stores'>, directory: Directory, person: Person): Promise<PersonalDataSection[]> {
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
  for (const store of ports.stores) {
    rest.push({ store: store.name, records: await store.export(directory.partnership.id, person) });
  }
  return [own, ...rest];
}

export function refuseSelf(actor: Actor, person: Person): void {
  if (person.id === actor.person.id) {
    throw dataProtectionErrors.cannotRemoveSelf();
  }
}
