import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configProblemLine, invalidConfigurationText } from '../../../cards/membership/config-problem-words.js';
import { readPartnershipFile, syntaxErrorOffset } from '../../../infra/partnership-file.js';
import type { Agency, Partnership, Person } from '../../../services/domain/directory.js';
import { DomainError } from '../../../services/domain/errors.js';
import type { ConfigProblem } from '../../../services/domain/partnership-problems.js';
import { parsePartnership, partnershipProblems } from '../../../services/domain/partnership-schema.js';
import { bodyAt, LEWISHAM_FILE, MERTON_FILE, rawSample, seatAt } from './samples.js';

/** The DomainError parsePartnership throws for this configuration, its coded problems worded by the presenter. */
function failure(p: unknown): { message: string; lines: string[] } {
  try {
    parsePartnership(p);
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('PARTNERSHIP.INVALID');
    const problems = (err as DomainError).details?.problems as ConfigProblem[];
    expect((err as DomainError).message).toBe(`The partnership configuration is invalid (${problems.length === 1 ? '1 problem' : `${problems.length} problems`}).`);
    return { message: invalidConfigurationText(problems), lines: problems.map(configProblemLine) };
  }
  throw new Error('expected the configuration to be rejected');
}

/** Every problem of a configuration as the operator reads it, "path: words". */
const problemLines = (p: unknown): string[] => partnershipProblems(p).map(configProblemLine);

type Breakage = [name: string, file: string, breakIt: (p: Partnership) => string[]];

// Each case breaks a valid sample and returns the lines the error message must contain.
const cases: Breakage[] = [
  [
    'a bad role code',
    MERTON_FILE,
    (p) => {
      const { path, seat } = seatAt(p, 'board-ccg');
      seat.roles[0] = 'X' as never;
      return [`${path}.roles[0]: expected one of P|S|C|V|PO|SA|A|BS`];
    },
  ],
  [
    'an unknown agencyId',
    MERTON_FILE,
    (p) => {
      const { path, seat } = seatAt(p, 'qa-psw');
      seat.agencyId = 'social-services';
      return [`${path}.agencyId: unknown agency "social-services"`];
    },
  ],
  [
    'a seat id used twice (across bodies)',
    MERTON_FILE,
    (p) => {
      const first = seatAt(p, 'board-ccg');
      const second = seatAt(p, 'big-ccg');
      second.seat.id = 'board-ccg';
      return [`${second.path}.id: duplicate seat id "board-ccg" (also ${first.path})`];
    },
  ],
  [
    'a deputy on a sector seat (head teacher)',
    MERTON_FILE,
    (p) => {
      const { path, seat } = seatAt(p, 'board-school-primary');
      seat.deputyId = 'p-head-special';
      return [`${path}.deputyId: "Maintained primary schools (head teacher and governing body representative)" is a sector seat: sector members cover each other and have no deputy (C §5.7)`];
    },
  ],
  [
    'a deputy on a lay member seat',
    MERTON_FILE,
    (p) => {
      const { path, seat } = seatAt(p, 'board-lay-1');
      seat.deputyId = 'p-lay-member-2';
      return [`${path}.deputyId: "Lay member (first seat)" is a sector seat`];
    },
  ],
  [
    'a deputy for an advisor',
    MERTON_FILE,
    (p) => {
      const { path, seat } = seatAt(p, 'board-designated-doctor');
      seat.deputyId = 'p-designated-nurse';
      return [`${path}.deputyId: advisors, observers and board staff (roles SA) have no deputies (C App3)`];
    },
  ],
  [
    'a deputy on a co-opted, non-statutory seat',
    MERTON_FILE,
    (p) => {
      const { path, seat } = seatAt(p, 'board-priory-homes');
      seat.deputyId = 'p-housing-needs-manager';
      return [`${path}.deputyId: "Merton Priory Homes" is not a statutory agency: only statutory partners name a standing deputy (C §5.6)`];
    },
  ],
  [
    'the deputy is the holder',
    MERTON_FILE,
    (p) => {
      const { path, seat } = seatAt(p, 'board-cafcass');
      seat.deputyId = seat.holderId;
      return [`${path}.deputyId: the deputy is the seat's holder`];
    },
  ],
  [
    'two chairs on one body',
    MERTON_FILE,
    (p) => {
      const { path, body } = bodyAt(p, 'mscb-qa');
      const vice = body.seats.findIndex((s) => s.id === 'qa-designated-doctor');
      body.seats[vice]!.office = 'chair';
      return [`${path}.seats: 2 chairs (seats[0], seats[${vice}]); a body has exactly one`];
    },
  ],
  [
    'a body without a chair',
    LEWISHAM_FILE,
    (p) => {
      const { path, body } = bodyAt(p, 'lscp-executive');
      delete body.seats[0]!.office;
      return [`${path}.seats: no chair; a body has exactly one seat with office "chair" or "independent-chair"`];
    },
  ],
  [
    'a missing field',
    MERTON_FILE,
    (p) => {
      delete (p.agencies[3] as Partial<Agency>).name;
      delete (p.agencies[3] as Partial<Agency>).sector;
      delete (p.people[5] as Partial<Person>).aadObjectId;
      return [
        'agencies[3].name: missing (expected string)',
        'agencies[3].sector: missing (expected one of council|health|police|education|probation|justice|voluntary|lay|other)',
        'people[5].aadObjectId: missing (expected string)',
      ];
    },
  ],
  [
    'a misspelt field',
    MERTON_FILE,
    (p) => {
      const { path, seat } = seatAt(p, 'board-csf-director');
      (seat as unknown as Record<string, unknown>).holderID = seat.holderId;
      return [`${path}.holderID: unknown field`];
    },
  ],
  [
    'an unknown holder and deputy',
    MERTON_FILE,
    (p) => {
      const { path, seat } = seatAt(p, 'board-csf-director');
      seat.holderId = 'p-nobody';
      seat.deputyId = 'p-nobody-either';
      return [`${path}.holderId: unknown person "p-nobody"`, `${path}.deputyId: unknown person "p-nobody-either"`];
    },
  ],
  [
    'an unknown parent body and reporting body',
    MERTON_FILE,
    (p) => {
      const { path, body } = bodyAt(p, 'mscb-ld');
      body.parentBodyId = 'mscb-main';
      body.reporting!.toBodyId = 'mscb-main';
      return [`${path}.parentBodyId: unknown body "mscb-main"`, `${path}.reporting.toBodyId: unknown body "mscb-main"`];
    },
  ],
  [
    'an unknown agency in a quorum group',
    MERTON_FILE,
    (p) => {
      const { path, body } = bodyAt(p, 'mscb-big');
      const condition = body.quorum.conditions[0]!;
      if (condition.kind !== 'required-present') throw new Error('expected the BIG required-present condition first');
      condition.groups[1]!.agencyIds = ['ccg'];
      return [`${path}.quorum.conditions[0].groups[1].agencyIds[0]: unknown agency "ccg"`];
    },
  ],
  [
    'an unknown quorum condition kind',
    MERTON_FILE,
    (p) => {
      const { path, body } = bodyAt(p, 'mscb-board');
      (body.quorum.conditions[1] as { kind: string }).kind = 'commissioners-and-providers';
      return [
        `${path}.quorum.conditions[1].kind: expected one of min-agencies|required-present|commissioner-and-provider|membership-share|each-safeguarding-partner`,
      ];
    },
  ],
  [
    'a membership share above 1',
    LEWISHAM_FILE,
    (p) => {
      const { path, body } = bodyAt(p, 'lscp-partnership');
      const at = body.quorum.conditions.findIndex((c) => c.kind === 'membership-share');
      body.quorum.conditions[at] = { kind: 'membership-share', share: 50 };
      return [`${path}.quorum.conditions[${at}].share: expected a number between 0 and 1`];
    },
  ],
  [
    'an attendance share below 0',
    LEWISHAM_FILE,
    (p) => {
      const { path, body } = bodyAt(p, 'lscp-mesi');
      body.absence = { kind: 'attendance-share', minShare: -0.75, windowMonths: 12, source: 'L' };
      return [`${path}.absence.minShare: expected a number between 0 and 1`];
    },
  ],
  [
    'duplicate agency ids and Entra object ids',
    LEWISHAM_FILE,
    (p) => {
      p.agencies[4]!.id = p.agencies[1]!.id;
      p.people[7]!.aadObjectId = p.people[2]!.aadObjectId.toUpperCase();
      return [
        `agencies[4].id: duplicate agency id "${p.agencies[1]!.id}" (also agencies[1])`,
        `people[7].aadObjectId: duplicate aadObjectId "${p.people[2]!.aadObjectId.toUpperCase()}" (also people[2])`,
      ];
    },
  ],
  [
    'a malformed Entra object id and a wrong time zone',
    LEWISHAM_FILE,
    (p) => {
      p.people[0]!.aadObjectId = 'ed-cyp@lewisham.example';
      (p as { timeZone: string }).timeZone = 'Europe/Paris';
      return ['people[0].aadObjectId: expected an Entra object id (8-4-4-4-12 hex digits)', 'timeZone: expected "Europe/London"'];
    },
  ],
];

describe('parsePartnership rejects a broken configuration, naming the path', () => {
  it.each(cases)('%s', (_name, file, breakIt) => {
    const p = rawSample(file);
    const expected = breakIt(p);
    const err = failure(p);
    for (const line of expected) expect(err.message).toContain(line);
    expect(err.lines).toEqual(expect.arrayContaining([expect.stringContaining(expected[0]!)]));
  });

  it('lists every problem at once, shape and references together', () => {
    const p = rawSample(MERTON_FILE);
    const broken = cases.filter(([, file]) => file === MERTON_FILE).flatMap(([, , breakIt]) => breakIt(p));
    const problems = problemLines(p);
    for (const line of broken) expect(problems.some((x) => x.startsWith(line))).toBe(true);
    expect(failure(p).message).toMatch(new RegExp(`^The partnership configuration is invalid \\(${problems.length} problems\\):\\n- `));
  });

  it('rejects something that is not a partnership at all', () => {
    expect(problemLines([])).toEqual(['(root): expected object, got array']);
    expect(problemLines({})).toContain('agencies: missing (expected array)');
  });
});

describe('readPartnershipFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-partnership-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads and validates the samples', async () => {
    expect((await readPartnershipFile(MERTON_FILE)).id).toBe('merton-2015');
    expect((await readPartnershipFile(LEWISHAM_FILE)).id).toBe('lewisham-2019');
  });

  it.each([
    ['a trailing comma', '{\n  "id": "x",\n  "name": "y",\n}\n', 4, 1],
    ['a missing comma', '{\n  "id": "x"\n  "name": "y"\n}\n', 3, 3],
    ['an unquoted word (V8 gives no position)', '{\n  "id": "x",\n  "statutory": yes\n}\n', 3, 16],
    ['a truncated literal', '{\n  "sectorSeat": tru\n}', 2, 20],
    ['a truncated file', '{\n  "id": "x",\n  "agencies": [', 3, 16],
  ])('reports a JSON syntax error with the file name and position: %s', async (_name, text, line, column) => {
    const path = write('broken.json', text);
    const err = await readPartnershipFile(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('PARTNERSHIP.INVALID');
    expect((err as DomainError).message).toContain(`${path}: not valid JSON at line ${line}, column ${column}`);
    expect((err as DomainError).details).toMatchObject({ file: path, line, column });
  });

  it('points at the same place V8 does when V8 gives a position', () => {
    for (const text of ['{"a": 1,}', '{"a": 1 "b": 2}', '[1, 2', '{"a": "x\ny"}']) {
      let position: number | undefined;
      try {
        JSON.parse(text);
      } catch (e) {
        position = Number(/at position (\d+)/.exec((e as Error).message)?.[1] ?? text.length);
      }
      expect(syntaxErrorOffset(text)).toBe(position);
    }
    expect(syntaxErrorOffset('{"a": [1, {"b": null}], "c": -1.5e3}')).toBeUndefined();
  });

  it('names the file when the configuration is invalid', async () => {
    const p = rawSample(MERTON_FILE);
    seatAt(p, 'board-ccg').seat.roles = ['P', 'W' as never];
    const path = write('invalid.json', JSON.stringify(p));
    await expect(readPartnershipFile(path)).rejects.toThrow(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: The partnership configuration is invalid \\(1 problem\\):\\n- bodies\\[0\\]\\.seats\\[1\\]\\.roles\\[1\\]: expected one of P\\|S\\|C\\|V\\|PO\\|SA\\|A\\|BS$`),
    );
  });

  it('says when the file cannot be read', async () => {
    await expect(readPartnershipFile(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'PARTNERSHIP.UNREADABLE' });
  });
});
