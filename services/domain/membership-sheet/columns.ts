/** The five sheets of the membership spreadsheet, their columns, and the bounds on what a sheet may hold. The column
 * headers ('Meetings a year', …) are the file's format, not sentences: they stay here (test/unit/services/no-english-in-services.test.ts knows them). */
export const SHEET_NAMES = ['Partnership', 'Agencies', 'Bodies', 'People', 'Seats'] as const;
export type SheetName = (typeof SHEET_NAMES)[number];

/** One sheet: a header row, then rows. `lines` gives the number the user sees for each row (a CSV file's line); by default index + 1. */
export interface Table {
  name: SheetName;
  rows: string[][];
  lines?: number[];
}

export const COLUMNS = {
  Partnership: ['Field', 'Value'],
  Agencies: ['Id', 'Name', 'Sector', 'Statutory', 'Safeguarding partner', 'Service role', 'Sector seat', 'Service area'],
  Bodies: [
    'Id',
    'Name',
    'Kind',
    'Parent',
    'Quorum',
    'Quorum description',
    'Quorum source',
    'Absence',
    'Absence source',
    'Meetings a year',
    'Months',
    'Notice working days',
    'Papers working days',
    'Cadence description',
    'Reports to',
    'Report due working days',
    'Reporting description',
    'Vice chair not from',
    'Vice chair statutory only',
    'Vice chair source',
    'Decision',
    'Decision source',
    'Casting vote',
    'Casting vote source',
    'If not decided',
    'Dissent to',
    'Dissent to title',
    'Dissent grounds',
    'Dissent source',
    'Proxies',
    'Proxies source',
  ],
  People: ['Id', 'Name', 'Email', 'Entra object id', 'Organisation', 'Guest', 'External access only', 'Channel'],
  Seats: ['Body', 'Seat id', 'Title', 'Agency', 'Roles', 'Office', 'Voting', 'Holder', 'Deputy'],
} as const satisfies Record<SheetName, readonly string[]>;

export type Column<S extends SheetName> = (typeof COLUMNS)[S][number];

/** Columns a sheet cannot do without; the others may be left out and read as blank. */
export const REQUIRED: { [S in SheetName]: readonly Column<S>[] } = {
  Partnership: ['Field', 'Value'],
  Agencies: ['Id', 'Name', 'Sector', 'Statutory', 'Service role'],
  Bodies: [
    'Id',
    'Name',
    'Kind',
    'Quorum',
    'Quorum description',
    'Quorum source',
    'Absence',
    'Absence source',
    'Meetings a year',
    'Notice working days',
    'Papers working days',
    'Cadence description',
  ],
  People: ['Name'],
  Seats: ['Body', 'Title', 'Roles'],
};

/** Other header texts accepted for a column (compared without case, spaces or punctuation). */
export const ALIASES: Record<string, readonly string[]> = {
  'People.Name': ['displayname'],
  'People.Entra object id': ['objectid', 'aadobjectid', 'entraid'],
  'Seats.Seat id': ['seat'],
};

/** What one sheet may hold, so that neither the file nor a mistake can make the import do unbounded work. */
export const SHEET_LIMITS = { rowsPerSheet: 5_000, columns: 40, csvBytes: 5 * 1024 * 1024 } as const;
