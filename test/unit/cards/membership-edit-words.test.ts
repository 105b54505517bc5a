import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wordChange } from '../../../cards/membership/plan-words.js';
import { NEW_PARTNERSHIP_WORDS } from '../../../cards/membership/present.js';
import { wordImportPlan, wordProblems } from '../../../cards/membership/problems.js';
import type { Partnership } from '../../../services/domain/directory.js';
import { membershipErrors } from '../../../services/domain/error-messages/membership.js';
import { DomainError } from '../../../services/domain/errors.js';
import { planMembership } from '../../../services/domain/membership.js';
import { parseMembershipEdit } from '../../../services/domain/membership-edit.js';
import type { EditProblemFact } from '../../../services/domain/membership-edit-problems.js';
import type { MembershipProblem } from '../../../services/domain/membership-problems.js';
import { frameworkChange } from '../../../services/domain/membership-sheet/returns-sheets.js';
import type { PlannedChangeView } from '../../../services/domain/membership-views.js';
import type { ReturnsConfig } from '../../../services/domain/returns-config.js';
import { newPartnership } from '../../../services/membership/first-run.js';
import { lockedOut } from '../../../services/membership/save.js';
import { effectiveDate } from '../../../services/membership/support.js';

/** Issue #13: the Members page's edit problems and an import plan's changes are data; cards/membership words them as before. */

const merton = (): Partnership => JSON.parse(readFileSync(join(import.meta.dirname, '../../../partnerships/merton-2015.json'), 'utf8')) as Partnership;

const parsedProblems = (json: unknown) => {
  const parsed = parseMembershipEdit(json);
  if (!('problems' in parsed)) throw new Error('expected problems');
  return wordProblems(parsed.problems);
};

const thrownProblems = (act: () => unknown) => {
  try {
    act();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('MEMBERSHIP.INVALID');
    return wordProblems((err as DomainError).details!.problems as MembershipProblem[]);
  }
  throw new Error('expected a refusal');
};

describe("the edit request's shape problems, worded as the validator has always worded them", () => {
  const cases: [string, unknown, { field: string; message: string }[]][] = [
    ['not an object', 'x', [{ field: 'edit', message: 'Invalid input: expected object, received string' }]],
    ['nothing at all', {}, [{ field: 'edit', message: 'Invalid input: expected object, received undefined' }, { field: 'basedOn', message: 'Invalid input: expected string, received undefined' }]],
    ['an unknown kind', { edit: { kind: 'nope' }, basedOn: 'v' }, [{ field: 'kind', message: 'is not one of the accepted forms' }]],
    [
      'a bad role and a person given as text',
      { edit: { kind: 'seat', bodyId: 'mscb-board', title: 'x', roles: ['P', 'Q'], holder: 'p-borough-commander' }, basedOn: 'v' },
      [
        { field: 'roles.1', message: 'Invalid option: expected one of "P"|"S"|"C"|"V"|"PO"|"SA"|"A"|"BS"' },
        { field: 'holder', message: 'is not one of the accepted forms' },
      ],
    ],
    [
      'too long, unknown keys',
      { edit: { kind: 'setup', name: 'x'.repeat(501), extra: 1, more: 2 }, basedOn: 'v', effective: '2027-01-011' },
      [
        { field: 'name', message: 'Too big: expected string to have <=500 characters' },
        { field: 'edit', message: 'Unrecognized keys: "extra", "more"' },
        { field: 'effective', message: 'Too big: expected string to have <=10 characters' },
      ],
    ],
    [
      'empty, wrong types, too many, not a GUID',
      { edit: { kind: 'seat', bodyId: '', title: 5, roles: Array(9).fill('P'), voting: 'yes', holder: { user: { objectId: 'not-a-guid', displayName: 'x', guest: false } } }, basedOn: 'v' },
      [
        { field: 'bodyId', message: 'Too small: expected string to have >=1 characters' },
        { field: 'title', message: 'Invalid input: expected string, received number' },
        { field: 'roles', message: 'Too big: expected array to have <=8 items' },
        { field: 'voting', message: 'Invalid input: expected boolean, received string' },
        { field: 'holder.user.objectId', message: 'Invalid GUID' },
      ],
    ],
    ['a list for a record', { edit: { kind: 'agency', agency: [] }, basedOn: 'v' }, [{ field: 'agency', message: 'Invalid input: expected record, received array' }, { field: 'agency', message: 'Invalid input: expected object, received array' }]],
    ['null for an id, one unknown key', { edit: { kind: 'person', person: { id: null } }, basedOn: 'v', zzz: true }, [{ field: 'person.id', message: 'Invalid input: expected string, received null' }, { field: 'edit', message: 'Unrecognized key: "zzz"' }]],
  ];

  it.each(cases)('%s', (_name, json, expected) => {
    expect(parsedProblems(json)).toEqual(expected);
  });

  it('repeats at most ten unknown keys, each cut short', () => {
    const keys = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`${'k'.repeat(100)}${i}`, 1]));
    const [problem] = parsedProblems({ edit: { kind: 'end-seat', bodyId: 'a', seatId: 'b' }, basedOn: 'v', ...keys });
    expect(problem!.message.startsWith(`Unrecognized keys: "${'k'.repeat(39)}…", `)).toBe(true);
    expect(problem!.message.split('", "')).toHaveLength(10);
    expect(problem!.message).not.toContain('k'.repeat(40));
  });
});

describe("the edit's own refusals and the plan's problems", () => {
  it('words them as the Members page shows them', () => {
    expect(thrownProblems(() => effectiveDate(`2027-02-30${'x'.repeat(50)}`, '2027-01-01'))).toEqual([{ field: 'effective', message: `"2027-02-30${'x'.repeat(10)}" is not a date: use YYYY-MM-DD.` }]);
    expect(thrownProblems(() => newPartnership({ setup: { aadObjectId: 'a', name: 'M' } }, '  ', undefined, NEW_PARTNERSHIP_WORDS))).toEqual([
      { field: 'name', message: 'Give the partnership its name, e.g. "Merton Safeguarding Children Partnership".' },
    ]);
    expect(thrownProblems(() => { throw membershipErrors.setUpAlready(); })).toEqual([{ field: 'name', message: 'The partnership is set up already.' }]);

    const stored = merton();
    const next = merton();
    next.id = 'other';
    next.bodies = next.bodies.filter((b) => b.id !== 'mscb-qa');
    expect(wordProblems(planMembership(stored, next, '2027-01-01', '2026-12-01').problems)).toEqual([
      { field: 'partnership', message: 'This file is for partnership "other", but this Quorum holds "merton-2015".' },
      { field: 'bodies', message: '"Quality Assurance Sub Group" is missing. A body keeps its meetings and history, so it is not removed: end its seats instead.' },
    ]);

    const noManager = merton();
    for (const b of noManager.bodies) for (const s of b.seats) if (s.office === 'manager') delete s.holderId;
    expect(wordProblems(lockedOut({ setup: { aadObjectId: '00000000-0000-0000-0000-000000000101', name: 'M' } }, noManager, '2027-01-01'))).toEqual([
      { field: 'membership', message: 'After this change you would no longer hold a board manager seat, and nobody could change the membership: keep your own seat (office "manager") in it.' },
    ]);
  });

  it.each<[EditProblemFact, string]>([
    [{ code: 'edit.not-set-up' }, 'Set up the partnership first: give it a name, or import your membership.'],
    [{ code: 'edit.body-needed' }, 'Choose a body for the seat.'],
    [{ code: 'edit.person-gone' }, 'That person is not in the directory any more; search for them again.'],
    [{ code: 'edit.user-gone' }, "That person is no longer in your organisation's directory."],
  ])('%j', (fact, message) => {
    expect(wordProblems([{ field: 'holder', ...fact }])).toEqual([{ field: 'holder', message }]);
  });
});

describe("an import plan's changes, worded as the Members page lists them", () => {
  const view = (stored: Partnership | undefined, next: Partnership, effective: string, today: string): PlannedChangeView[] => {
    const plan = planMembership(stored, next, effective, today);
    return wordImportPlan({ format: 'json', effective, applied: false, changes: plan.changes, counts: { add: 0, change: 0, end: 0 }, problems: plan.problems, basedOn: 'v' }).changes;
  };
  const line = (c: PlannedChangeView) => `${c.kind} ${c.label}: ${c.details.join(' | ')}`;

  it('names each thing and says what changes, from when', () => {
    const stored = merton();
    const next = merton();
    next.name = 'Renamed';
    next.people.push({ id: 'p-new', aadObjectId: '11111111-1111-4111-8111-111111111111', displayName: 'New person' });
    next.agencies.push({ id: 'new-agency', name: 'New agency', sector: 'council', statutory: false } as never);
    stored.agencies.push({ id: 'old-agency', name: 'Old agency', sector: 'council', statutory: false } as never);
    stored.people.push({ id: 'p-old', aadObjectId: '22222222-1111-4111-8111-111111111111', displayName: 'Old person' });
    const board = next.bodies[0]!;
    board.seats[1]!.holderId = 'p-new';
    delete board.seats[2]!.deputyId;
    board.seats[4]!.roles = ['P', 'S'];
    board.seats.splice(5, 1);
    board.seats.push({ id: 'board-extra', title: 'Extra seat', roles: ['P'], holderId: 'p-new', deputyId: 'p-independent-chair' });
    board.seats.push({ id: 'board-vacant', title: 'Vacant seat', roles: [] });
    board.quorum = { ...board.quorum, description: 'x'.repeat(100) };
    const lines = view(stored, next, '2027-01-01', '2026-12-01').map(line);
    const on = 'on Merton Safeguarding Children Board (Main Board)';
    expect(lines).toEqual([
      'change Partnership Renamed: name: Merton Safeguarding Children Board → Renamed',
      'add Agency New agency: ',
      'add Person New person: ',
      `change Body Merton Safeguarding Children Board (Main Board): quorum: At least five separate statutory agencies present, split be… → ${'x'.repeat(59)}…`,
      `end Seat Consultant Child and Adolescent Psychiatrist, SW London and St George's ${on}: ends: last day 2026-12-31`,
      `change Seat Chief Officer, Merton Clinical Commissioning Group ${on}: holder: Chief Officer, Merton Clinical Commissioning Group → New person from 2027-01-01`,
      `change Seat NHS England (London) ${on}: deputy: Deputy: Safeguarding lead, NHS England (London) → vacant from 2027-01-01`,
      `change Seat Sutton and Merton Service Director, SW London and St George's MH Trust ${on}: roles: P V → P S`,
      `add Seat Extra seat ${on}: holder: New person, deputy: Independent Chair, MSCB from 2027-01-01`,
      `add Seat Vacant seat ${on}: holder: vacant from 2027-01-01`,
      'end Agency Old agency: removed: no seat refers to it',
      'end Person Old person: removed: holds no seat and never did',
    ]);
  });

  it('a seat taken up again, an agency cleared, and the first run from the start', () => {
    const stored = merton();
    const ended = planMembership(stored, { ...stored, bodies: stored.bodies.map((b) => (b.id === 'mscb-board' ? { ...b, seats: b.seats.filter((s) => s.id !== 'board-ccg') } : b)) }, '2027-01-01', '2026-12-01').result;
    const again = merton();
    const board = again.bodies[0]!;
    const nhse = board.seats.find((s) => s.id === 'board-nhse')!;
    delete nhse.agencyId;
    expect(view(ended, again, '2027-03-01', '2027-02-01').map(line)).toEqual([
      'change Seat Chief Officer, Merton Clinical Commissioning Group on Merton Safeguarding Children Board (Main Board): starts again from 2027-03-01 | holder: vacant → Chief Officer, Merton Clinical Commissioning Group from 2027-03-01 | deputy: vacant → Deputy: Chief Officer, Merton Clinical Commissioning Group from 2027-03-01 | agency: none → Merton Clinical Commissioning Group from 2027-03-01',
      'change Seat NHS England (London) on Merton Safeguarding Children Board (Main Board): agency: NHS England (London) → none from 2027-03-01',
    ]);
    const first = view(undefined, merton(), '2027-01-01', '2026-12-01');
    expect(first[0]).toEqual({ kind: 'add', entity: 'partnership', id: 'merton-2015', label: 'Partnership Merton Safeguarding Children Board', details: [] });
    expect(first.find((c) => c.id === 'mscb-board/board-independent-chair')).toEqual({ kind: 'add', entity: 'seat', id: 'mscb-board/board-independent-chair', label: 'Seat Independent Chair (casting vote) on Merton Safeguarding Children Board (Main Board)', details: ['holder: Independent Chair, MSCB'] });
  });
});

describe("the returns framework's entry in an import plan", () => {
  const framework = {
    qaBodyId: 'qa',
    reminderWorkingDays: [3, 1],
    section11: { source: 'S11 2025', standards: [{ id: '1', text: 'Leadership' }, { id: '2', text: 'Voice of the child' }] },
  } as unknown as ReturnsConfig;

  it('lists each setting changed and each standard added, changed or removed, in the words the page has always shown', () => {
    const after = {
      ...framework,
      reminderWorkingDays: [5],
      section11: { source: 'S11 2026', standards: [{ id: '1', text: 'Leadership and accountability' }, { id: '3', text: 'Training' }] },
      dataSet: { source: 'Quarterly data set', indicators: [] },
    } as unknown as ReturnsConfig;
    const change = frameworkChange(framework, after)!;
    expect(wordChange(change)).toEqual({
      kind: 'change',
      entity: 'returns',
      id: 'returns',
      label: 'Returns framework (Section 11 standards, data set, audit leads)',
      details: [
        'Section 11 source: S11 2025 → S11 2026',
        'data set source: (none) → Quarterly data set',
        'reminder working days: 3, 1 → 5',
        'standard 1 changed',
        'standard 3 added',
        'standard 2 removed',
      ],
    });
  });

  it('names no details when the framework is new, and no entry when nothing differs', () => {
    expect(wordChange(frameworkChange(undefined, framework)!)).toMatchObject({ kind: 'add', details: [] });
    expect(frameworkChange(framework, structuredClone(framework))).toBeUndefined();
  });
});
