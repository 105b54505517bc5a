/** Tables → partnership: the Partnership, Agencies and People sheets. */
import { normaliseHeader } from '../csv.js';
import { slug } from '../slug.js';
import { choice, compact, EMAIL, unique, type Raw, type SheetReader, type SheetRow } from './read-support.js';
import type { Column } from './columns.js';

/** The Partnership sheet's Field/Value rows: id, name and source. */
export function readPartnershipSheet(reader: SheetReader, rows: SheetRow<'Partnership'>[]): Raw {
  const partnership: Raw = { timeZone: 'Europe/London' };
  const seenFields = new Set<string>();
  for (const r of rows) {
    const field = normaliseHeader(r.get('Field'));
    const key = field === 'id' ? 'id' : field === 'name' ? 'name' : field === 'source' ? 'source' : undefined;
    if (!key) {
      reader.complain({ sheet: 'Partnership', row: r.row, column: 'Field' }, { code: 'sheet.unknown-field', text: r.get('Field') });
      continue;
    }
    if (seenFields.has(key)) reader.complain({ sheet: 'Partnership', row: r.row, column: 'Field' }, { code: 'sheet.field-repeated', text: r.get('Field') });
    seenFields.add(key);
    const value = r.get('Value');
    if (value !== '') partnership[key] = value;
    reader.locs.set(key, { sheet: 'Partnership', row: r.row, column: 'Value' });
  }
  for (const [key, label] of [
    ['id', 'Id'],
    ['name', 'Name'],
    ['source', 'Source'],
  ] as const) {
    if (!seenFields.has(key)) reader.problems.push({ field: 'Partnership', code: 'sheet.missing-field', label });
  }
  return partnership;
}

const AGENCY_FIELDS = [
  ['id', 'Id'],
  ['name', 'Name'],
  ['sector', 'Sector'],
  ['statutory', 'Statutory'],
  ['safeguardingPartner', 'Safeguarding partner'],
  ['serviceRole', 'Service role'],
  ['sectorSeat', 'Sector seat'],
  ['serviceArea', 'Service area'],
] as const satisfies readonly (readonly [string, Column<'Agencies'>])[];

export function readAgencies(reader: SheetReader, rows: SheetRow<'Agencies'>[]): Raw[] {
  const agencies: Raw[] = [];
  for (const r of rows) {
    const loc = (column: Column<'Agencies'>) => ({ sheet: 'Agencies' as const, row: r.row, column });
    reader.place(`agencies[${agencies.length}]`, 'Agencies', r.row, AGENCY_FIELDS);
    const statutory = r.get('Statutory');
    if (statutory === '') reader.complain(loc('Statutory'), { code: 'sheet.empty-cell', want: 'yes-no' });
    agencies.push(
      compact({
        id: r.get('Id'),
        name: r.get('Name'),
        sector: choice(r.get('Sector')),
        statutory: reader.flag(loc('Statutory'), statutory),
        safeguardingPartner: reader.flag(loc('Safeguarding partner'), r.get('Safeguarding partner')),
        serviceRole: choice(r.get('Service role')),
        sectorSeat: reader.flag(loc('Sector seat'), r.get('Sector seat')),
        serviceArea: r.get('Service area'),
      }),
    );
  }
  return agencies;
}

const PERSON_FIELDS = [
  ['id', 'Id'],
  ['displayName', 'Name'],
  ['email', 'Email'],
  ['aadObjectId', 'Entra object id'],
  ['organisation', 'Organisation'],
  ['guest', 'Guest'],
  ['externalAccessOnly', 'External access only'],
  ['channel', 'Channel'],
] as const satisfies readonly (readonly [string, Column<'People'>])[];

export interface PeopleRead {
  people: Raw[];
  personIds: Set<string>;
  /** By lower-case email: the person's id and row, so the Seats sheet may name people by email. */
  byEmail: Map<string, { id?: string; row: number }>;
  /** Paths of the Entra object ids to be found from the email through the tenant's directory. */
  unresolved: Set<string>;
}

/** People get an id from their email or name when the sheet gives none. */
export function readPeople(reader: SheetReader, rows: SheetRow<'People'>[]): PeopleRead {
  const people: Raw[] = [];
  const unresolved = new Set<string>();
  const byEmail = new Map<string, { id?: string; row: number }>();
  const personRows: { person: Raw; row: number; name: string; email: string }[] = [];
  for (const r of rows) {
    const at = `people[${people.length}]`;
    const loc = (column: Column<'People'>) => ({ sheet: 'People' as const, row: r.row, column });
    reader.place(at, 'People', r.row, PERSON_FIELDS);
    const email = r.get('Email');
    const aad = r.get('Entra object id');
    if (email !== '') {
      if (!EMAIL.test(email)) reader.complain(loc('Email'), { code: 'sheet.not-email', text: email });
      const first = byEmail.get(email.toLowerCase());
      if (first) reader.complain(loc('Email'), { code: 'sheet.email-repeated', text: email, firstRow: first.row });
      else byEmail.set(email.toLowerCase(), { row: r.row });
    }
    if (aad === '') {
      if (email === '') reader.complain(loc('Entra object id'), { code: 'sheet.no-entra-id' });
      else unresolved.add(`${at}.aadObjectId`);
    }
    const person = compact({
      id: r.get('Id'),
      aadObjectId: aad,
      displayName: r.get('Name'),
      email,
      organisation: r.get('Organisation'),
      guest: reader.flag(loc('Guest'), r.get('Guest')),
      externalAccessOnly: reader.flag(loc('External access only'), r.get('External access only')),
      channel: r.get('Channel').toLowerCase(),
    });
    if (aad === '') person.aadObjectId = '';
    people.push(person);
    personRows.push({ person, row: r.row, name: r.get('Name'), email });
  }
  const personIds = new Set(people.map((x) => x.id).filter((id): id is string => typeof id === 'string'));
  for (const { person, name, email } of personRows) {
    if (person.id !== undefined) continue;
    const base = `p-${slug(email || name) || 'person'}`;
    person.id = unique(base, personIds);
  }
  for (const { person, email } of personRows) if (email !== '') byEmail.get(email.toLowerCase())!.id ??= person.id as string;
  return { people, personIds, byEmail, unresolved };
}
