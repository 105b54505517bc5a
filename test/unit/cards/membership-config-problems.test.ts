import { describe, expect, it } from 'vitest';
import { configProblemLine, invalidConfigurationText } from '../../../cards/membership/config-problem-words.js';
import { membershipProblemText, wordProblems } from '../../../cards/membership/problems.js';
import { membershipFiles } from '../../../infra/spreadsheet/membership-files.js';
import type { Partnership } from '../../../services/domain/directory.js';
import { partnershipProblems } from '../../../services/domain/partnership-schema.js';
import { bodyAt, MERTON_FILE, rawSample, seatAt } from '../directory/samples.js';

/**
 * The configuration's problems are codes and facts (services/domain/partnership-problems.ts); the membership
 * presenter words them. Each row breaks the Merton sample, runs the real checks and reads the words.
 */
type Row = [name: string, breakIt: (p: Partnership) => void, line: string];

const rows: Row[] = [
  ['a value of the wrong type, cut to 40 characters', (p) => Object.assign(p, { bodies: 'x'.repeat(50) }), `bodies: expected array, got string "${'x'.repeat(40)}…"`],
  ['a field the schema does not know', (p) => Object.assign(p.agencies[0]!, { colour: 'red' }), 'agencies[0].colour: unknown field'],
  ['a value outside the allowed ones', (p) => Object.assign(p, { timeZone: 'Europe/Paris' }), 'timeZone: expected "Europe/London"'],
  ['a meeting too short, in the schema library\'s own terms', (p) => void (bodyAt(p, 'mscb-board').body.cadence.meetingMinutes = 5), 'bodies[0].cadence.meetingMinutes: Too small: expected number to be >=15'],
  ['a whole number below its minimum', (p) => void (bodyAt(p, 'mscb-board').body.cadence.noticeWorkingDays = -1), 'bodies[0].cadence.noticeWorkingDays: expected a whole number of at least 0'],
  [
    'a deputy on a non-statutory seat, naming the agency',
    (p) => Object.assign(seatAt(p, 'board-ccg').seat, { agencyId: 'public-health', deputyId: 'p-independent-chair' }),
    'bodies[0].seats[1].deputyId: "Public Health Merton, Community and Housing (Merton Council)" is not a statutory agency: only statutory partners name a standing deputy (C §5.6)',
  ],
  [
    'a vice chair rule without its source',
    (p) => {
      bodyAt(p, 'mscb-board').body.viceChair = { notFromAgencyIds: [], statutoryMembersOnly: true } as never;
      seatAt(p, 'board-independent-chair').seat.office = 'vice-chair';
    },
    'bodies[0].seats[0].office: the vice chair is chosen from the statutory, voting members (the constitution)',
  ],
  [
    'a parent chain that loops',
    (p) => {
      bodyAt(p, 'mscb-board').body.parentBodyId = 'mscb-big';
      bodyAt(p, 'mscb-big').body.parentBodyId = 'mscb-board';
    },
    'bodies[0].parentBodyId: the parent chain loops (mscb-board → mscb-big → mscb-board)',
  ],
  [
    'a returns framework naming a body that is not there',
    (p) => void (p.returns = { qaBodyId: 'no-such-body', section11: { source: 'AR App7', standards: [{ id: '1', text: 'Leadership' }] } }),
    'returns.qaBodyId: no body "no-such-body"',
  ],
];

describe('the partnership configuration\'s problems, worded by the membership presenter', () => {
  it.each(rows)('%s', (_name, breakIt, line) => {
    const p = rawSample(MERTON_FILE);
    breakIt(p);
    const problems = partnershipProblems(p);
    expect(problems.map(configProblemLine)).toContain(line);
    // Each is data: a code and its facts, no sentence; the Members page reads the same words by its field.
    for (const problem of problems) expect(problem.code).toMatch(/^config\.[a-z-]+$/);
    const at = line.indexOf(': ');
    expect(wordProblems(problems)).toContainEqual({ field: line.slice(0, at), message: line.slice(at + 2) });
  });

  it('puts the operator\'s message together: the count, then one problem a line', () => {
    const p = rawSample(MERTON_FILE);
    Object.assign(p, { timeZone: 'Europe/Paris' });
    expect(invalidConfigurationText(partnershipProblems(p))).toBe('The partnership configuration is invalid (1 problem):\n- timeZone: expected "Europe/London"');
    Object.assign(p.agencies[0]!, { colour: 'red' });
    expect(invalidConfigurationText(partnershipProblems(p))).toMatch(/^The partnership configuration is invalid \(2 problems\):\n- .+\n- .+$/);
  });

  it('shows a problem found on a sheet without a cell by its path', () => {
    expect(membershipProblemText({ code: 'config.unknown', thing: 'agency', id: 'x', onSheet: { path: '(root)' } })).toBe('(root): unknown agency "x"');
  });

  it('words a JSON import that does not parse, and one whose configuration is wrong, by field', async () => {
    const notJson = await membershipFiles.read('json', new TextEncoder().encode('{ nope'));
    expect(wordProblems(notJson.problems)).toEqual([{ field: 'file', message: 'This file is not valid JSON: export the membership as JSON from Quorum, or import a spreadsheet.' }]);
    const p = rawSample(MERTON_FILE);
    seatAt(p, 'board-ccg').seat.holderId = 'p-nobody';
    const wrong = await membershipFiles.read('json', new TextEncoder().encode(JSON.stringify(p)));
    expect(wrong.partnership).toBeUndefined();
    expect(wordProblems(wrong.problems)).toEqual([{ field: 'bodies[0].seats[1].holderId', message: 'unknown person "p-nobody"' }]);
  });
});
