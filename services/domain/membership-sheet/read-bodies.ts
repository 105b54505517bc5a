/** Tables → partnership: the Bodies sheet (each body's rules as text, parsed) and the Seats sheet. */
import { ROLE_CODES, type RoleCode } from '../directory.js';
import { slug } from '../slug.js';
import type { Column } from './columns.js';
import type { PeopleRead } from './read-people.js';
import { choice, compact, unique, type Loc, type Raw, type SheetReader, type SheetRow } from './read-support.js';
import { parseAbsenceText, parseCastingText, parseDecisionText, parseProxiesText, parseQuorumText } from './rule-text.js';

const BODY_FIELDS = [
  ['id', 'Id'],
  ['name', 'Name'],
  ['kind', 'Kind'],
  ['parentBodyId', 'Parent'],
  ['quorum', 'Quorum'],
  ['quorum.description', 'Quorum description'],
  ['quorum.source', 'Quorum source'],
  ['absence', 'Absence'],
  ['absence.source', 'Absence source'],
  ['cadence', 'Meetings a year'],
  ['cadence.meetingsPerYear', 'Meetings a year'],
  ['cadence.months', 'Months'],
  ['cadence.noticeWorkingDays', 'Notice working days'],
  ['cadence.papersWorkingDays', 'Papers working days'],
  ['cadence.description', 'Cadence description'],
  ['reporting', 'Reports to'],
  ['reporting.toBodyId', 'Reports to'],
  ['reporting.dueWorkingDaysBefore', 'Report due working days'],
  ['reporting.description', 'Reporting description'],
  ['viceChair', 'Vice chair source'],
  ['viceChair.notFromAgencyIds', 'Vice chair not from'],
  ['viceChair.statutoryMembersOnly', 'Vice chair statutory only'],
  ['viceChair.source', 'Vice chair source'],
  ['decision', 'Decision'],
  ['decision.threshold', 'Decision'],
  ['decision.source', 'Decision source'],
  ['decision.castingVote', 'Casting vote'],
  ['decision.castingVote.holder', 'Casting vote'],
  ['decision.castingVote.source', 'Casting vote source'],
  ['decision.notDecidedRoute', 'If not decided'],
  ['decision.dissent', 'Dissent to'],
  ['decision.dissent.referToPersonId', 'Dissent to'],
  ['decision.dissent.referToTitle', 'Dissent to title'],
  ['decision.dissent.grounds', 'Dissent grounds'],
  ['decision.dissent.source', 'Dissent source'],
  ['proxies', 'Proxies'],
  ['proxies.source', 'Proxies source'],
] as const satisfies readonly (readonly [string, Column<'Bodies'>])[];

const DECISION_COLUMNS = ['Decision', 'Decision source', 'Casting vote', 'Casting vote source', 'If not decided', 'Dissent to', 'Dissent to title', 'Dissent grounds', 'Dissent source'] as const;
const DISSENT_COLUMNS = ['Dissent to', 'Dissent to title', 'Dissent grounds', 'Dissent source'] as const;
const REPORTING_COLUMNS = ['Reports to', 'Report due working days', 'Reporting description'] as const;
const VICE_CHAIR_COLUMNS = ['Vice chair not from', 'Vice chair statutory only', 'Vice chair source'] as const;

export interface BodiesRead {
  bodies: Raw[];
  /** The first body of each id, and its index in `bodies`. */
  byId: Map<string, { body: Raw; index: number }>;
}

export function readBodies(reader: SheetReader, rows: SheetRow<'Bodies'>[]): BodiesRead {
  const bodies: Raw[] = [];
  const byId = new Map<string, { body: Raw; index: number }>();
  for (const r of rows) {
    const index = bodies.length;
    const loc = (column: Column<'Bodies'>): Loc => ({ sheet: 'Bodies', row: r.row, column });
    reader.place(`bodies[${index}]`, 'Bodies', r.row, BODY_FIELDS);

    const quorum = parseQuorumText(r.get('Quorum'));
    if (!quorum.ok) reader.complain(loc('Quorum'), quorum.problem);
    let absence: unknown;
    const absenceCell = r.get('Absence');
    if (absenceCell === '') reader.complain(loc('Absence'), { code: 'sheet.empty-cell', want: 'absence' });
    else {
      const parsed = parseAbsenceText(absenceCell);
      if (parsed.ok) absence = { ...parsed.value, source: r.get('Absence source') || undefined };
      else reader.complain(loc('Absence'), parsed.problem);
    }
    let months: unknown;
    if (r.get('Months') !== '') {
      const parts = r.get('Months').split(/[\s,;]+/).filter(Boolean);
      const bad = parts.find((m) => !/^\d{1,2}$/.test(m));
      if (bad) {
        reader.complain(loc('Months'), { code: 'sheet.not-month', text: bad });
        months = r.get('Months');
      } else months = parts.map(Number);
    }
    let proxies: Raw | undefined;
    if (r.get('Proxies') !== '' || r.get('Proxies source') !== '') {
      const parsed = parseProxiesText(r.get('Proxies') || 'allowed');
      if (!parsed.ok) reader.complain(loc('Proxies'), parsed.problem);
      proxies = compact({ ...(parsed.ok ? parsed.value : {}), source: r.get('Proxies source') });
    }
    const body = compact({
      id: r.get('Id'),
      name: r.get('Name'),
      kind: choice(r.get('Kind')),
      parentBodyId: r.get('Parent'),
      seats: [],
      quorum: compact({
        description: r.get('Quorum description'),
        source: r.get('Quorum source'),
        conditions: quorum.ok ? quorum.value : [],
      }),
      absence,
      cadence: compact({
        meetingsPerYear: reader.whole(loc('Meetings a year'), r.get('Meetings a year')),
        months,
        noticeWorkingDays: reader.whole(loc('Notice working days'), r.get('Notice working days')),
        papersWorkingDays: reader.whole(loc('Papers working days'), r.get('Papers working days')),
        description: r.get('Cadence description'),
      }),
      reporting: REPORTING_COLUMNS.some((c) => r.get(c) !== '')
        ? compact({
            toBodyId: r.get('Reports to'),
            description: r.get('Reporting description'),
            dueWorkingDaysBefore: reader.whole(loc('Report due working days'), r.get('Report due working days')),
          })
        : undefined,
      viceChair: VICE_CHAIR_COLUMNS.some((c) => r.get(c) !== '')
        ? compact({
            notFromAgencyIds: r.get('Vice chair not from').split(/[\s,;]+/).filter(Boolean),
            statutoryMembersOnly: reader.flag(loc('Vice chair statutory only'), r.get('Vice chair statutory only')) ?? false,
            source: r.get('Vice chair source'),
          })
        : undefined,
      decision: readDecision(reader, r, loc),
      proxies,
    });
    bodies.push(body);
    const id = r.get('Id');
    if (id !== '' && !byId.has(id)) byId.set(id, { body, index });
  }
  return { bodies, byId };
}

/** The decision rule of a body's row, when any of its columns is filled: threshold, casting vote, route, dissent. */
function readDecision(reader: SheetReader, r: SheetRow<'Bodies'>, loc: (column: Column<'Bodies'>) => Loc): Raw | undefined {
  if (!DECISION_COLUMNS.some((c) => r.get(c) !== '')) return undefined;
  const threshold = r.get('Decision') === '' ? undefined : parseDecisionText(r.get('Decision'));
  if (threshold === undefined) reader.complain(loc('Decision'), { code: 'sheet.empty-cell', want: 'decision' });
  else if (!threshold.ok) reader.complain(loc('Decision'), threshold.problem);
  const holder = r.get('Casting vote') === '' ? undefined : parseCastingText(r.get('Casting vote'));
  if (holder === undefined) reader.complain(loc('Casting vote'), { code: 'sheet.empty-cell', want: 'casting-vote' });
  else if (!holder.ok) reader.complain(loc('Casting vote'), holder.problem);
  return compact({
    ...(threshold?.ok ? threshold.value : {}),
    source: r.get('Decision source'),
    castingVote: compact({ holder: holder?.ok ? holder.value : undefined, source: r.get('Casting vote source') }),
    notDecidedRoute: r.get('If not decided'),
    dissent: DISSENT_COLUMNS.some((c) => r.get(c) !== '')
      ? compact({
          referToPersonId: r.get('Dissent to'),
          referToTitle: r.get('Dissent to title'),
          grounds: r.get('Dissent grounds'),
          source: r.get('Dissent source'),
        })
      : undefined,
  });
}

const SEAT_FIELDS = [
  ['id', 'Seat id'],
  ['title', 'Title'],
  ['agencyId', 'Agency'],
  ['roles', 'Roles'],
  ['office', 'Office'],
  ['voting', 'Voting'],
  ['holderId', 'Holder'],
  ['deputyId', 'Deputy'],
] as const satisfies readonly (readonly [string, Column<'Seats'>])[];

/**
 * Each seat onto its body; holders and deputies by person id or email. Returns the Seats row of
 * each seat's path (`bodies[i].seats[j]`), for the rule check's problems.
 */
export function readSeats(reader: SheetReader, rows: SheetRow<'Seats'>[], bodies: BodiesRead, people: PeopleRead): Map<string, number> {
  const seatIds = new Set<string>();
  const pending: { seat: Raw; bodyId: string; title: string }[] = [];
  const seatRow = new Map<string, number>();
  for (const r of rows) {
    const loc = (column: Column<'Seats'>): Loc => ({ sheet: 'Seats', row: r.row, column });
    const bodyId = r.get('Body');
    const found = bodies.byId.get(bodyId);
    if (!found) {
      reader.complain(loc('Body'), bodyId === '' ? { code: 'sheet.empty-cell', want: 'body' } : { code: 'sheet.unknown-body', text: bodyId });
      continue;
    }
    const seats = found.body.seats as Raw[];
    const at = `bodies[${found.index}].seats[${seats.length}]`;
    seatRow.set(at, r.row);
    reader.place(at, 'Seats', r.row, SEAT_FIELDS);

    const roles: string[] = [];
    for (const code of r.get('Roles').split(/[\s,;/]+/).filter(Boolean)) {
      const upper = code.toUpperCase();
      if ((ROLE_CODES as readonly string[]).includes(upper)) roles.push(upper);
      else reader.complain(loc('Roles'), { code: 'sheet.unknown-role', text: code });
    }
    const person = (column: 'Holder' | 'Deputy'): string | undefined => {
      const value = r.get(column);
      if (value === '') return undefined;
      if (people.personIds.has(value)) return value;
      const byEmail = people.byEmail.get(value.toLowerCase());
      if (byEmail?.id) return byEmail.id;
      reader.complain(loc(column), { code: 'sheet.unknown-person', text: value });
      return value;
    };
    const office = choice(r.get('Office'));
    const seat = compact({
      id: r.get('Seat id'),
      title: r.get('Title'),
      agencyId: r.get('Agency'),
      roles: roles as RoleCode[],
      office: office === '' ? undefined : office,
      holderId: person('Holder'),
      deputyId: person('Deputy'),
      voting: reader.flag(loc('Voting'), r.get('Voting')),
    });
    seats.push(seat);
    if (typeof seat.id === 'string') seatIds.add(seat.id);
    else pending.push({ seat, bodyId, title: r.get('Title') });
  }
  for (const { seat, bodyId, title } of pending) seat.id = unique(`${bodyId}-${slug(title) || 'seat'}`, seatIds);
  return seatRow;
}
