import { describe, expect, it } from 'vitest';
import { standInWords } from '../../../cards/data-protection/words.js';
import type { AgencyAnswer } from '../../../services/domain/consultation.js';
import {
  findPerson,
  pseudonymiseAnswer,
  replaceIdentity,
  standInFor,
  withoutPerson,
} from '../../../services/domain/data-protection.js';
import { Directory } from '../../../services/domain/directory.js';
import { DomainError } from '../../../services/domain/errors.js';
import { LEWISHAM_FILE, MERTON_FILE, rawSample } from '../directory/samples.js';

const merton = rawSample(MERTON_FILE);
const directory = new Directory(merton);

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return undefined;
};

describe('finding the person a manager means', () => {
  it('by person id, Entra id, or the name as the directory has it', () => {
    expect(findPerson(directory, 'p-cafcass').id).toBe('p-cafcass');
    expect(findPerson(directory, '00000000-0000-0000-0000-000000000140').id).toBe('p-cafcass');
    expect(findPerson(directory, 'senior service manager, cafcass').id).toBe('p-cafcass');
    expect(findPerson(directory, '"Senior Service Manager, CAFCASS"').id).toBe('p-cafcass');
  });

  it('by part of a name, when only one person matches', () => {
    expect(findPerson(directory, 'Lay Member (second').id).toBe('p-lay-member-2');
  });

  it('refuses a name several people match, naming them', () => {
    expect(codeOf(() => findPerson(directory, 'lay member'))).toBe('PERSON.AMBIGUOUS');
    expect(() => findPerson(directory, 'lay member')).toThrow(/p-lay-member-1.*p-lay-member-2/);
  });

  it('refuses an unknown name and an empty one', () => {
    expect(codeOf(() => findPerson(directory, 'Chief Constable'))).toBe('PERSON.NOT_FOUND');
    expect(codeOf(() => findPerson(directory, '  '))).toBe('INPUT.INVALID');
  });
});

describe('the stand-in for a removed person', () => {
  const cafcass = standInFor(directory, 'p-cafcass', standInWords);
  const deputy = standInFor(directory, 'p-cafcass-deputy', standInWords);
  const qaChair = standInFor(directory, 'p-csf-csc-head', standInWords);

  it('names the seat they acted from', () => {
    expect(cafcass({ seatId: 'big-cafcass' })).toBe('former holder of "Senior Service Manager, CAFCASS"');
    expect(deputy({ agencyId: 'cafcass' })).toBe('former deputy for "Senior Service Manager, CAFCASS"');
    expect(qaChair({ bodyId: 'mscb-qa' })).toBe('former holder of "Assistant Director of Children\'s Social Care, CSF (Chair)"');
    expect(qaChair({ agencyId: 'csf', bodyId: 'mscb-qa' })).toMatch(/\(Chair\)"$/);
  });

  it('falls back to their main seat with nothing to go on, and to "a former member" when no seat fits', () => {
    expect(cafcass()).toBe('former holder of "Senior Service Manager, CAFCASS"');
    expect(cafcass({ agencyId: 'met-police' })).toBe('a former member');
    expect(standInFor(directory, 'p-nobody', standInWords)()).toBe('a former member');
  });
});

describe('removing a person from the directory', () => {
  it('vacates their seats, clears their deputy roles and leaves everyone else alone', () => {
    const before = JSON.stringify(merton);
    const { partnership, vacated } = withoutPerson(merton, 'p-csf-csc-head');
    expect(JSON.stringify(merton)).toBe(before);
    expect(partnership.people.some((p) => p.id === 'p-csf-csc-head')).toBe(false);
    expect(vacated.map((v) => v.seatId).sort()).toEqual(['big-csf-csc', 'board-csf-csc', 'qa-chair']);
    const after = new Directory(partnership);
    expect(after.assignmentsOf('p-csf-csc-head')).toEqual([]);
    expect(after.bodies.flatMap((b) => b.seats).find((s) => s.id === 'board-csf-csc')).toMatchObject({ deputyId: 'p-csf-csc-head-deputy' });
    const seatsOf = (d: Directory, id: string) => d.assignmentsOf(id).map((a) => `${a.seat.id}:${a.as}`);
    expect(seatsOf(after, 'p-csf-director')).toEqual(seatsOf(directory, 'p-csf-director'));

    const deputyGone = withoutPerson(merton, 'p-cafcass-deputy');
    expect(deputyGone.vacated).toEqual([
      { bodyId: 'mscb-board', seatId: 'board-cafcass', as: 'deputy' },
      { bodyId: 'mscb-big', seatId: 'big-cafcass', as: 'deputy' },
    ]);
    const seat = deputyGone.partnership.bodies[0]!.seats.find((s) => s.id === 'board-cafcass')!;
    expect(seat.holderId).toBe('p-cafcass');
    expect('deputyId' in seat).toBe(false);
    expect(deputyGone.dissentCleared).toEqual([]);
  });

  it('drops a dissent route that refers decisions to them, so the stored rules name nobody who is gone (L, Decision Making)', () => {
    const lewisham = rawSample(LEWISHAM_FILE);
    const { partnership, dissentCleared } = withoutPerson(lewisham, 'p-scrutineer');
    expect(dissentCleared).toEqual(['lscp-executive']);
    const executive = partnership.bodies.find((b) => b.id === 'lscp-executive')!;
    expect(executive.decision?.dissent).toBeUndefined();
    expect(executive.decision?.threshold).toEqual({ kind: 'majority-of-voting-agencies' });
    expect(JSON.stringify(partnership)).not.toContain('p-scrutineer');
    expect(withoutPerson(lewisham, 'p-ccg-md').dissentCleared).toEqual([]);
  });
});

describe('pseudonymising an agency answer', () => {
  const answer: AgencyAnswer = {
    id: 'c1:cafcass',
    partnershipId: 'merton-2015',
    consultationId: 'c1',
    agencyId: 'cafcass',
    required: true,
    votes: false,
    choice: 'agree',
    answeredBy: 'p-cafcass',
    answeredAs: 'member',
    seatId: 'board-cafcass',
    answeredAt: '2026-11-24T10:00:00.000Z',
    signOff: { personId: 'p-cafcass', agencyId: 'cafcass', at: '2026-11-24T10:00:00.000Z' },
    conflicts: [{ at: 'x', personId: 'p-cafcass-deputy', as: 'deputy', choice: 'disagree', kind: 'deputy-differs-from-member' }],
    history: [{ at: 'x', personId: 'p-cafcass', as: 'member', before: { choice: 'none' }, after: { choice: 'agree' } }],
    comments: [{ personId: 'p-cafcass', at: 'x', text: 'Fine.' }],
  };
  const standIn = standInFor(directory, 'p-cafcass', standInWords);

  it('keeps the answer and replaces only the person', () => {
    const next = pseudonymiseAnswer(answer, 'p-cafcass', standIn)!;
    const seat = 'former holder of "Senior Service Manager, CAFCASS"';
    expect(next).toMatchObject({ choice: 'agree', answeredBy: seat, signOff: { personId: seat }, comments: [{ personId: seat, text: 'Fine.' }] });
    expect(next.history[0]!.personId).toBe(seat);
    expect(next.conflicts[0]!.personId).toBe('p-cafcass-deputy');
    expect(answer.answeredBy).toBe('p-cafcass');
  });

  it('says when there is nothing to change', () => {
    expect(pseudonymiseAnswer(answer, 'p-lay-member-1', standIn)).toBeUndefined();
  });
});

describe('replacing an identity anywhere in a record', () => {
  it('replaces the person id, the Entra id (any case) and the name, and nothing else', () => {
    const person = directory.person('p-cafcass')!;
    const { value, changed } = replaceIdentity(
      { actor: 'p-cafcass', after: { users: ['00000000-0000-0000-0000-000000000140'.toUpperCase(), 'p-cafcass-deputy'], name: person.displayName } },
      person,
      'X',
    );
    expect(changed).toBe(true);
    expect(value).toEqual({ actor: 'X', after: { users: ['X', 'p-cafcass-deputy'], name: 'X' } });
    expect(replaceIdentity({ a: 'p-cafcass-deputy' }, person, 'X').changed).toBe(false);
  });
});
