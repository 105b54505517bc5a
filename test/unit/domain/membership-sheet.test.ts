import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { wordProblems } from '../../../cards/membership/problems.js';
import { readPartnershipFile } from '../../../infra/partnership-file.js';
import type { Partnership, QuorumCondition } from '../../../services/domain/directory.js';
import {
  COLUMNS,
  SHEET_LIMITS,
  absenceText,
  csvSafe,
  csvUnsafe,
  fromCsv,
  parseAbsenceText,
  parseQuorumText,
  partnershipFromTables,
  quorumText,
  tablesFromPartnership,
  toCsv,
  type SheetName,
  type Table,
} from '../../../services/domain/membership-sheet.js';
import { partnershipProblems } from '../../../services/domain/partnership-schema.js';
import { sheetProblemText } from '../../../cards/membership/sheet-problem-words.js';

/** What a rule cell's parser could not read, in words. */
const unreadable = (parsed: { ok: true } | { ok: false; problem: Parameters<typeof sheetProblemText>[0] }) => (parsed.ok ? undefined : sheetProblemText(parsed.problem));

let merton: Partnership;
/** The sheet holds the membership; the returns framework (#20) stays in the stored partnership, which an import keeps. */
const membershipOf = (p: Partnership): Partnership => {
  const copy = { ...p };
  delete copy.returns;
  return copy;
};
let lewisham: Partnership;
beforeAll(async () => {
  merton = membershipOf(await readPartnershipFile('partnerships/merton-2015.json'));
  lewisham = await readPartnershipFile('partnerships/lewisham-2019.json');
});

const viaCsv = (p: Partnership) => {
  const read = fromCsv(toCsv(tablesFromPartnership(p)));
  expect(read.problems).toEqual([]);
  return partnershipFromTables(read.tables);
};

const sheetOf = (tables: Table[], name: SheetName) => tables.find((t) => t.name === name)!;
const col = (name: SheetName, column: string) => (COLUMNS[name] as readonly string[]).indexOf(column);

/** A partnership using every field the sheet carries, with text a spreadsheet would otherwise run or split. */
function rich(base: Partnership): Partnership {
  const p = structuredClone(base);
  p.source = "'Tis the source, with \"quotes\", commas\nand a second line";
  p.people[0] = { ...p.people[0]!, email: 'board.manager@lewisham.example', displayName: '@Board Manager' };
  p.people[1] = { ...p.people[1]!, email: 'Chief.Supt@met.example', organisation: 'Metropolitan Police Service', guest: true };
  p.people[2] = { ...p.people[2]!, guest: false, organisation: '=HYPERLINK("http://evil.example","click")' };
  p.agencies[3] = { ...p.agencies[3]!, name: '+44 Health Partners', serviceArea: 'health', sectorSeat: false, safeguardingPartner: false };
  const board = p.bodies.find((b) => b.id === 'lscp-partnership')!;
  const voter = board.seats.find((s) => s.agencyId === 'lewisham-ccg' && s.roles.includes('V'))!;
  voter.voting = true;
  board.cadence = { ...board.cadence, months: [1, 4, 7, 10], description: '-3 days before, "quarterly"' };
  const conditions: QuorumCondition[] = [
    { kind: 'min-agencies', count: 1, statutoryOnly: true, countBy: 'service-area', excludeBoardStaff: true },
    {
      kind: 'required-present',
      excludeChair: true,
      groups: [
        { label: 'Council; "children" = CSF | social care', agencyIds: ['lb-lewisham'] },
        { label: 'Health: any trust', agencyIds: ['slam', 'lewisham-greenwich-trust'], sector: 'health' },
      ],
    },
    { kind: 'membership-share', share: 0.575 },
  ];
  board.quorum = { ...board.quorum, conditions };
  const hub = p.bodies.find((b) => b.id === 'lscp-concern-hub-board')!;
  hub.viceChair = { notFromAgencyIds: ['lewisham-ccg', 'slam'], statutoryMembersOnly: true, source: 'Test rule §3.3' };
  const mesi = p.bodies.find((b) => b.id === 'lscp-mesi')!;
  mesi.absence = { kind: 'attendance-share', minShare: 0.575, windowMonths: 1, deputyCounts: false, source: 'MESI' };
  const network = p.bodies.find((b) => b.id === 'lscp-schools-network')!;
  network.absence = { kind: 'attendance-share', minShare: 0.66, windowMonths: 12, deputyCounts: true, source: 'SSN' };
  return p;
}

describe('round trip', () => {
  it('gives back both samples exactly: partnership → tables → CSV → tables → partnership', () => {
    for (const sample of [merton, lewisham]) {
      const back = viaCsv(sample);
      expect(back.problems).toEqual([]);
      expect(back.partnership).toStrictEqual(sample);
    }
  });

  it('gives back every field the sheet carries, and text that looks like a formula, a quote or a rule separator', () => {
    const p = rich(lewisham);
    expect(partnershipProblems(p)).toEqual([]);
    const back = viaCsv(p);
    expect(back.problems).toEqual([]);
    expect(back.partnership).toStrictEqual(p);
  });

  it('reads the committed CSV samples back to the JSON samples', () => {
    for (const [file, sample] of [
      ['partnerships/merton-2015.csv', merton],
      ['partnerships/lewisham-2019.csv', lewisham],
    ] as const) {
      const read = fromCsv(readFileSync(file, 'utf8'));
      expect(read.problems).toEqual([]);
      expect(partnershipFromTables(read.tables).partnership).toStrictEqual(sample);
    }
  });

  it('leaves seat history out: the sheet describes one day', () => {
    const p = structuredClone(merton);
    p.bodies[0]!.seats[1]!.terms = [{ from: '2024-01-01', holderId: p.bodies[0]!.seats[1]!.holderId! }];
    p.bodies[0]!.seats[1]!.endsOn = '2030-01-01';
    const seat = viaCsv(p).partnership!.bodies[0]!.seats[1]!;
    expect(seat).not.toHaveProperty('terms');
    expect(seat).not.toHaveProperty('endsOn');
  });
});

describe('quorum and absence rules as text', () => {
  const examples: [string, QuorumCondition[]][] = [
    ['at least 5 statutory agencies; commissioner and provider', [{ kind: 'min-agencies', count: 5, statutoryOnly: true }, { kind: 'commissioner-and-provider' }]],
    [
      'present: CSF=csf | CCG=merton-ccg | Police=met-police; at least 4 agencies',
      [
        { kind: 'required-present', groups: [{ label: 'CSF', agencyIds: ['csf'] }, { label: 'CCG', agencyIds: ['merton-ccg'] }, { label: 'Police', agencyIds: ['met-police'] }] },
        { kind: 'min-agencies', count: 4 },
      ],
    ],
    [
      'at least 3 agencies not counting the chair; present (not counting the chair): Health=sector:health | Education=csf-education+sector:education',
      [
        { kind: 'min-agencies', count: 3, excludeChair: true },
        {
          kind: 'required-present',
          excludeChair: true,
          groups: [
            { label: 'Health', sector: 'health' },
            { label: 'Education', agencyIds: ['csf-education'], sector: 'education' },
          ],
        },
      ],
    ],
    ['at least 3 service areas not counting the chair or board staff', [{ kind: 'min-agencies', count: 3, countBy: 'service-area', excludeChair: true, excludeBoardStaff: true }]],
    ['each safeguarding partner; 50% of the membership', [{ kind: 'each-safeguarding-partner' }, { kind: 'membership-share', share: 0.5 }]],
    ['present: "A=B; C"=csf+"sector:odd" | "say ""hi"""=x', [{ kind: 'required-present', groups: [{ label: 'A=B; C', agencyIds: ['csf', 'sector:odd'] }, { label: 'say "hi"', agencyIds: ['x'] }] }]],
    ['', []],
  ];

  it.each(examples)('reads and writes %j', (text, conditions) => {
    expect(parseQuorumText(text)).toEqual({ ok: true, value: conditions });
    expect(quorumText(conditions)).toBe(text);
  });

  it('writes every sample rule so that it reads back the same', () => {
    for (const body of [...merton.bodies, ...lewisham.bodies]) {
      expect(parseQuorumText(quorumText(body.quorum.conditions))).toEqual({ ok: true, value: body.quorum.conditions });
      const { source: _source, ...rule } = body.absence;
      expect(parseAbsenceText(absenceText(body.absence))).toEqual({ ok: true, value: rule });
    }
  });

  it('reads the absence forms', () => {
    expect(parseAbsenceText('2 consecutive')).toEqual({ ok: true, value: { kind: 'consecutive', count: 2, deputyResets: false } });
    expect(parseAbsenceText('2 consecutive, deputy resets')).toEqual({ ok: true, value: { kind: 'consecutive', count: 2, deputyResets: true } });
    expect(parseAbsenceText('75% over 12 months')).toEqual({ ok: true, value: { kind: 'attendance-share', minShare: 0.75, windowMonths: 12 } });
    expect(parseAbsenceText('66% over 12 months, deputy counts')).toEqual({
      ok: true,
      value: { kind: 'attendance-share', minShare: 0.66, windowMonths: 12, deputyCounts: true },
    });
  });

  it('explains what it cannot read', () => {
    expect(unreadable(parseQuorumText('at most 5 agencies'))).toContain('Cannot read the condition "at most 5 agencies"');
    expect(unreadable(parseQuorumText('present: Health=sector:hospital'))).toContain('unknown sector "hospital"');
    expect(unreadable(parseQuorumText('at least 3 agencies not counting the vicar'))).toContain('"the vicar"');
    expect(unreadable(parseAbsenceText('twice'))).toContain('"2 consecutive"');
  });
});

describe('formula safety', () => {
  it('writes a cell a spreadsheet would run with a leading apostrophe, and reads it back without', () => {
    for (const value of ['=1+1', '+44 20', '-3 days', '@everyone', '\tx', '\rx', "'=x", "''", "'Tis"]) {
      expect(csvSafe(value).startsWith("'")).toBe(true);
      expect(csvUnsafe(csvSafe(value))).toBe(value);
    }
    expect(csvSafe('plain')).toBe('plain');
    expect(csvUnsafe("'Tis typed by hand")).toBe("'Tis typed by hand");
    expect(csvUnsafe("'=SUM(A1)")).toBe('=SUM(A1)');
  });

  it('leaves no field in the CSV file that starts like a formula', () => {
    const csv = toCsv(tablesFromPartnership(rich(lewisham)));
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain(",'+44 Health Partners,");
    expect(csv).toContain(",'@Board Manager,");
    expect(csv).not.toMatch(/(^|,)"?[=+\-@]/m);
  });
});

describe('CSV file', () => {
  it('writes sections with a byte-order mark, CRLF lines and a blank line between sections', () => {
    const csv = toCsv(tablesFromPartnership(lewisham));
    expect(csv.startsWith('\uFEFF# Partnership\r\nField,Value\r\nId,lewisham-2019\r\n')).toBe(true);
    expect(csv).toMatch(/\r\n\r\n# Agencies\r\nId,Name,Sector,Statutory,Safeguarding partner,Service role,Sector seat,Service area\r\n/);
    expect(csv.slice(1).match(/^# \w+\r$/gm)).toEqual(['# Partnership\r', '# Agencies\r', '# Bodies\r', '# People\r', '# Seats\r']);
  });

  it('numbers rows by the line of the file, across blank lines and multi-line cells', () => {
    const csv = toCsv(tablesFromPartnership({ ...merton, source: 'line one\nline two\nline three' })).replace('\r\n# Seats', '\r\n\r\n\r\n# Seats');
    const { tables } = fromCsv(csv);
    const seats = sheetOf(tables, 'Seats');
    const headerLine = csv.split('\n').findIndex((l) => l.startsWith('Body,Seat id')) + 1;
    expect(headerLine).toBeGreaterThan(sheetOf(tables, 'People').lines!.at(-1)! + 3);
    expect(seats.lines![0]).toBe(headerLine);
    seats.rows[3]![col('Seats', 'Roles')] = 'Q';
    expect(wordProblems(partnershipFromTables(tables).problems)).toEqual([
      { field: 'Seats', row: headerLine + 3, column: 'Roles', message: 'Unknown role code "Q": use P, S, C, V, PO, SA, A or BS' },
    ]);
  });

  it('tolerates Excel saving the file again: trailing commas, no byte-order mark, LF lines', () => {
    const csv = toCsv(tablesFromPartnership(lewisham))
      .replace(/^\uFEFF/, '')
      .replace(/\r\n/g, '\n')
      .replace(/^(# \w+)$/gm, '$1,,,,')
      .replace(/^$/gm, ',,,');
    const read = fromCsv(csv);
    expect(read.problems).toEqual([]);
    expect(partnershipFromTables(read.tables).partnership).toStrictEqual(lewisham);
  });

  it('names the line of a syntax error, text outside a section and an unknown section', () => {
    expect(wordProblems(fromCsv('# Agencies\nId,Name\n"open,x\n').problems)).toEqual([{ field: 'Agencies', row: 3, message: expect.stringContaining('never closed') }]);
    expect(wordProblems(fromCsv('Id,Name\n# Agencies\nId,Name').problems)).toEqual([{ field: 'File', row: 1, message: expect.stringContaining('outside any section') }]);
    expect(wordProblems(fromCsv('# Members\nId,Name').problems)).toEqual([{ field: 'File', row: 1, message: expect.stringContaining('unknown section "# Members"') }]);
  });

  it('refuses a file over 5 MB and a 10,000-row sheet, naming the sheet and the limit', () => {
    expect(wordProblems(fromCsv('x'.repeat(SHEET_LIMITS.csvBytes + 1)).problems)).toEqual([{ field: 'File', message: expect.stringContaining('larger than 5 MB') }]);
    const tables = tablesFromPartnership(merton);
    const seats = sheetOf(tables, 'Seats');
    const row = seats.rows[1]!;
    seats.rows = [seats.rows[0]!, ...Array.from({ length: 10_000 }, (_, i) => [row[0]!, `seat-${i}`, ...row.slice(2)])];
    const started = Date.now();
    const read = fromCsv(toCsv(tables));
    expect(wordProblems(read.problems)).toEqual([
      { field: 'Seats', row: expect.any(Number), message: 'The "Seats" sheet has 10,000 rows below its header; the limit is 5,000 rows a sheet' },
    ]);
    expect(read.tables.map((t) => t.name)).not.toContain('Seats');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('problems name the sheet, row and column', () => {
  let tables: Table[];
  beforeAll(() => {
    tables = tablesFromPartnership(merton);
  });
  /** The tables changed, read back, their problems worded as the Members page shows them. */
  const edit = (change: (t: Table[]) => void) => {
    const copy = structuredClone(tables);
    change(copy);
    const read = partnershipFromTables(copy);
    return { ...read, problems: wordProblems(read.problems) };
  };

  it('a missing sheet or column, and nothing else', () => {
    expect(edit((t) => t.splice(t.findIndex((x) => x.name === 'People'), 1)).problems).toEqual([
      { field: 'People', message: expect.stringContaining('Missing the "People" sheet') },
    ]);
    const result = edit((t) => {
      const seats = sheetOf(t, 'Seats');
      seats.rows = seats.rows.map((r) => r.filter((_, i) => i !== col('Seats', 'Title')));
    });
    expect(result).toEqual({ problems: [{ field: 'Seats', row: 1, column: 'Title', message: 'Missing column "Title"' }] });
  });

  it('reads columns in any order, by header text in any case', () => {
    const result = edit((t) => {
      const people = sheetOf(t, 'People');
      people.rows = people.rows.map((r) => [...r].reverse());
      people.rows[0] = people.rows[0]!.map((h) => h.toUpperCase());
    });
    expect(result.problems).toEqual([]);
    expect(result.partnership).toStrictEqual(merton);
  });

  it('an unknown agency', () => {
    const result = edit((t) => {
      sheetOf(t, 'Seats').rows[6]![col('Seats', 'Agency')] = 'met-polise';
    });
    expect(result).toEqual({ problems: [{ field: 'Seats', row: 7, column: 'Agency', message: 'Unknown agency "met-polise": add it on the Agencies sheet first' }] });
  });

  it('two voting seats for one agency on one body: the second one', () => {
    let second = 0;
    const result = edit((t) => {
      const seats = sheetOf(t, 'Seats');
      const voters = seats.rows.filter((r) => r[0] === 'mscb-board' && r[col('Seats', 'Office')] === '' && r[col('Seats', 'Roles')] === 'P V');
      for (const r of voters.slice(0, 2)) {
        r[col('Seats', 'Agency')] = 'met-police';
        r[col('Seats', 'Voting')] = 'yes';
      }
      second = seats.rows.indexOf(voters[1]!) + 1;
    });
    expect(second).toBeGreaterThan(2);
    expect(result.problems).toEqual([
      {
        field: 'Seats',
        row: second,
        column: 'Voting',
        message: expect.stringMatching(/^The seat on row \d+ already casts the vote of "Metropolitan Police Service \(Merton Borough\)" on this body; only one member per agency may vote/),
      },
    ]);
  });

  it('an unknown role code', () => {
    const result = edit((t) => {
      sheetOf(t, 'Seats').rows[11]![col('Seats', 'Roles')] = 'P Q';
    });
    expect(result).toEqual({ problems: [{ field: 'Seats', row: 12, column: 'Roles', message: 'Unknown role code "Q": use P, S, C, V, PO, SA, A or BS' }] });
  });

  it('a bad email, once', () => {
    const result = edit((t) => {
      sheetOf(t, 'People').rows[4]![col('People', 'Email')] = 'bob@';
    });
    expect(result).toEqual({ problems: [{ field: 'People', row: 5, column: 'Email', message: '"bob@" is not an email address' }] });
  });

  it("a rule problem on a person's object id", () => {
    const result = edit((t) => {
      sheetOf(t, 'People').rows[4]![col('People', 'Entra object id')] = 'not-a-guid';
    });
    expect(result).toEqual({ problems: [{ field: 'People', row: 5, column: 'Entra object id', message: expect.stringContaining('Entra object id') }] });
  });

  it('unknown people, bodies and values, each at its cell', () => {
    const result = edit((t) => {
      const seats = sheetOf(t, 'Seats');
      seats.rows[2]![col('Seats', 'Holder')] = 'nobody@merton.example';
      seats.rows[3]![0] = 'mscb-nothing';
      const agencies = sheetOf(t, 'Agencies');
      agencies.rows.find((r) => r[0] === 'council-hr')![col('Agencies', 'Statutory')] = 'maybe';
      agencies.rows[2]![col('Agencies', 'Sector')] = 'church';
      const bodies = sheetOf(t, 'Bodies');
      bodies.rows[2]![col('Bodies', 'Meetings a year')] = 'four';
      bodies.rows[3]![col('Bodies', 'Quorum')] = 'at least 3 agencies; present: Council=csf+no-such-agency';
      bodies.rows[4]![col('Bodies', 'Parent')] = 'mscb-boar';
    });
    expect(result.partnership).toBeUndefined();
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { field: 'Seats', row: 3, column: 'Holder', message: expect.stringContaining('Unknown person "nobody@merton.example"') },
        { field: 'Seats', row: 4, column: 'Body', message: 'Unknown body "mscb-nothing": add it on the Bodies sheet first' },
        { field: 'Agencies', row: tables[1]!.rows.findIndex((r) => r[0] === 'council-hr') + 1, column: 'Statutory', message: '"maybe" is not yes or no' },
        { field: 'Agencies', row: 3, column: 'Sector', message: expect.stringContaining('one of council, health, police') },
        { field: 'Bodies', row: 3, column: 'Meetings a year', message: '"four" is not a whole number' },
        { field: 'Bodies', row: 4, column: 'Quorum', message: 'Unknown agency "no-such-agency": add it on the Agencies sheet first' },
        { field: 'Bodies', row: 5, column: 'Parent', message: 'Unknown body "mscb-boar": add it on the Bodies sheet first' },
      ]),
    );
    expect(result.problems.map((p) => `${p.field} ${p.row} ${p.column}: ${p.message}`)).toHaveLength(7);
  });

  it('a body without a chair, and a duplicate id naming the first row', () => {
    const result = edit((t) => {
      const seats = sheetOf(t, 'Seats');
      for (const r of seats.rows) if (r[0] === 'mscb-ld' && /chair/.test(r[col('Seats', 'Office')]!)) r[col('Seats', 'Office')] = '';
      const agencies = sheetOf(t, 'Agencies');
      agencies.rows.push([...agencies.rows[1]!]);
    });
    expect(result.problems).toEqual([
      { field: 'Agencies', row: merton.agencies.length + 2, column: 'Id', message: 'Duplicate agency id "csf" (also row 2)' },
      { field: 'Bodies', row: 7, message: 'No chair: a body has exactly one seat with office "chair" or "independent-chair" on the Seats sheet' },
    ]);
  });
});

describe('blank ids and object ids on import', () => {
  it('derives stable, unique ids, finds holders by email and leaves the object id to the directory', () => {
    const p = structuredClone(lewisham);
    p.people.push(
      { id: 'x1', aadObjectId: '00000000-0000-0000-0000-00000000abcd', displayName: 'Safeguarding Lead, Example Trust', email: 'lead@trust.example' },
      { id: 'x2', aadObjectId: '00000000-0000-0000-0000-00000000abce', displayName: 'Safeguarding Lead, Example Trust' },
    );
    const tables = tablesFromPartnership(p);
    const people = sheetOf(tables, 'People');
    const [first, second] = people.rows.slice(-2);
    first![col('People', 'Id')] = '';
    first![col('People', 'Entra object id')] = '';
    second![col('People', 'Id')] = '';
    const seats = sheetOf(tables, 'Seats');
    const row = seats.rows.find((r) => r[0] === 'lscp-mesi' && r[col('Seats', 'Office')] === 'chair')!;
    row[col('Seats', 'Holder')] = 'LEAD@trust.example';
    const twin = [...row];
    twin[col('Seats', 'Office')] = '';
    twin[col('Seats', 'Holder')] = '';
    seats.rows.push(twin);
    for (const r of seats.rows) if (r === row || r === twin) r[1] = '';

    const once = partnershipFromTables(structuredClone(tables));
    expect(once.problems).toEqual([]);
    expect(partnershipFromTables(structuredClone(tables))).toStrictEqual(once);
    const people2 = once.partnership!.people.slice(-2);
    expect(people2).toEqual([
      { id: 'p-lead-trust-example', aadObjectId: '', displayName: 'Safeguarding Lead, Example Trust', email: 'lead@trust.example' },
      { id: 'p-safeguarding-lead-example-trust', aadObjectId: '00000000-0000-0000-0000-00000000abce', displayName: 'Safeguarding Lead, Example Trust' },
    ]);
    const mesi = once.partnership!.bodies.find((b) => b.id === 'lscp-mesi')!;
    const title = row[col('Seats', 'Title')]!;
    const slugged = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    expect(mesi.seats.map((s) => s.id)).toEqual(expect.arrayContaining([`lscp-mesi-${slugged}`, `lscp-mesi-${slugged}-2`]));
    expect(mesi.seats.find((s) => s.office === 'chair')!.holderId).toBe('p-lead-trust-example');
  });

  it('asks for an object id or an email when a person has neither', () => {
    const tables = tablesFromPartnership(lewisham);
    sheetOf(tables, 'People').rows[3]![col('People', 'Entra object id')] = '';
    expect(wordProblems(partnershipFromTables(tables).problems)).toEqual([
      { field: 'People', row: 4, column: 'Entra object id', message: "Give the person's Entra object id, or their email to find them in the directory" },
    ]);
  });
});
