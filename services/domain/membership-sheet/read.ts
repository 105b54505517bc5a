/** Tables → partnership: the structure of the five sheets, each sheet's reader, then the rule check in the sheet's words. */
import { normaliseHeader } from '../csv.js';
import type { Partnership } from '../directory.js';
import type { MembershipProblem } from '../membership-problems.js';
import type { ConfigProblem, RowRef } from '../partnership-problems.js';
import { partnershipProblems } from '../partnership-schema.js';
import { SHEET_NAMES, type SheetName, type Table } from './columns.js';
import { readBodies, readSeats } from './read-bodies.js';
import { readAgencies, readPartnershipSheet, readPeople } from './read-people.js';
import { locate, readSheet, SheetReader, type Loc, type Raw, type SheetRow } from './read-support.js';

/**
 * The partnership the tables describe, or every problem found, each naming the sheet, the row as
 * the user sees it and the column. The partnership is returned only when there is no problem.
 * A person with an email and no Entra object id comes back with `aadObjectId: ''`, for the caller
 * to resolve through the tenant's directory.
 */
export function partnershipFromTables(tables: Table[]): { partnership?: Partnership; problems: MembershipProblem[] } {
  const reader = new SheetReader();
  const problems = reader.problems;

  // Structure first: a missing sheet or column would make every row wrong, so stop there.
  const sheets = new Map<SheetName, { rows: SheetRow<SheetName>[]; headerRow: number }>();
  for (const name of SHEET_NAMES) {
    const matching = tables.filter((t) => normaliseHeader(t.name) === normaliseHeader(name));
    if (matching.length === 0) {
      problems.push({ field: name, code: 'sheet.missing-sheet', sheet: name });
      continue;
    }
    if (matching.length > 1) {
      problems.push({ field: name, code: 'sheet.sheet-repeated', sheet: name, times: matching.length });
      continue;
    }
    const read = readSheet(matching[0]!, name, problems);
    if (read) sheets.set(name, read);
  }
  if (problems.length > 0) return { problems };
  const sheet = <S extends SheetName>(name: S) => sheets.get(name)!.rows as unknown as SheetRow<S>[];

  const partnership = readPartnershipSheet(reader, sheet('Partnership'));
  const agencies = readAgencies(reader, sheet('Agencies'));
  const people = readPeople(reader, sheet('People'));
  const bodies = readBodies(reader, sheet('Bodies'));
  const seatRow = readSeats(reader, sheet('Seats'), bodies, people);

  const draft: Raw = { ...partnership, agencies, people: people.people, bodies: bodies.bodies };
  for (const problem of partnershipProblems(draft)) {
    const path = problem.field;
    if (people.unresolved.has(path)) continue;
    const loc = locate(path, reader.locs);
    if (!loc) {
      problems.push({ ...problem, field: 'Partnership', onSheet: { path } });
      continue;
    }
    if (reader.isBlamed(loc)) continue;
    const bodyAt = /^bodies\[(\d+)\]/.exec(path)?.[1];
    const rows = rowsNamed(problem, reader.locs, bodyAt, seatRow);
    problems.push({ ...problem, field: loc.sheet, row: loc.row, ...(loc.column ? { column: loc.column } : {}), onSheet: { path, sheet: loc.sheet, rows } });
  }
  if (problems.length > 0) return { problems };
  return { partnership: draft as unknown as Partnership, problems };
}

/** The rows of the parts of the configuration a problem names (by path, or a seat of its body), for its words. */
function rowsNamed(problem: ConfigProblem, locs: Map<string, Loc>, bodyAt: string | undefined, seatRow: Map<string, number>): Record<string, RowRef> {
  const rows: Record<string, RowRef> = {};
  const seats = problem.code === 'config.second-voter' ? [problem.voter] : problem.code === 'config.many-chairs' ? problem.chairs : [];
  for (const seat of seats) {
    const row = bodyAt === undefined ? undefined : seatRow.get(`bodies[${bodyAt}].${seat}`);
    if (row !== undefined) rows[seat] = { sheet: 'Seats', row, seat: true };
  }
  if (problem.code === 'config.duplicate') {
    const target = locs.get(problem.also);
    if (target) rows[problem.also] = { sheet: target.sheet, row: target.row };
  }
  return rows;
}
