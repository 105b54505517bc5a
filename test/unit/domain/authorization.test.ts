import { describe, expect, it } from 'vitest';
import {
  authorize,
  can,
  canFillReturn,
  canSeeAction,
  canSeeAllReturns,
  canSeeReturn,
  canSeeReturnsMatrix,
  canSeeConsultation,
  canSeeMeeting,
  isReplayBy,
  PERMISSIONS,
  rolesOf,
  type Permission,
  type Role,
  type Scope,
  type Subject,
} from '../../../services/domain/authorization.js';
import { Directory, type Partnership } from '../../../services/domain/directory.js';
import { DomainError } from '../../../services/domain/errors.js';
import { MERTON_FILE, rawSample } from '../directory/samples.js';

/**
 * Who may do what, for every permission and every role, on the Merton 2015 sample. The expected
 * answers are written out by hand from the constitution and domain.md; they are not derived from
 * PERMISSIONS, so a changed rule has to be changed here too, on purpose.
 */

const merton: Partnership = rawSample(MERTON_FILE);
merton.people.push({ id: 'p-no-seat', aadObjectId: '00000000-0000-0000-0000-00000000ffff', displayName: 'Former Officer, no seat' });
const directory = new Directory(merton);

const subjectFor = (personId: string): Subject => ({
  personId,
  directory,
  assignments: directory.assignmentsOf(personId),
  isManager: directory.isManager(personId),
});

const BOARD = 'mscb-board';
const LD = 'mscb-ld';
const QA = 'mscb-qa';

/** Each role as a real seat of the sample, and the body on which the role is taken. */
const ROLE_SUBJECTS: Record<Role, { subject: Subject; on: string; who: string }> = {
  member: { subject: subjectFor('p-cafcass'), on: BOARD, who: 'CAFCASS senior service manager (board member for CAFCASS)' },
  deputy: { subject: subjectFor('p-cafcass-deputy'), on: BOARD, who: "CAFCASS member's standing deputy" },
  'body-chair': { subject: subjectFor('p-ld-chair'), on: LD, who: 'Learning and Development sub-group chair, on L&D' },
  'independent-chair': { subject: subjectFor('p-independent-chair'), on: BOARD, who: 'Independent Chair, on the board' },
  manager: { subject: subjectFor('p-mscb-manager'), on: BOARD, who: 'MSCB board manager' },
  outsider: { subject: subjectFor('p-not-in-directory'), on: BOARD, who: 'someone not in the directory' },
};

const ROLE_ORDER: Role[] = ['member', 'deputy', 'body-chair', 'independent-chair', 'manager', 'outsider'];

const Y = true;
const N = false;

// prettier-ignore
const EXPECTED: Record<Permission, [member: boolean, deputy: boolean, bodyChair: boolean, independentChair: boolean, manager: boolean, outsider: boolean]> = {
  //                          member deputy chair  indep  manager outsider
  'consultation.send':         [N,    N,     Y,     Y,     Y,     N],
  'consultation.answer':       [Y,    Y,     N,     N,     N,     N],
  'consultation.comment':      [Y,    Y,     Y,     Y,     Y,     N],
  'consultation.tally':        [N,    N,     Y,     Y,     Y,     N],
  'consultation.casting-vote': [N,    N,     Y,     Y,     N,     N],
  'consultation.consensus':    [N,    N,     Y,     Y,     Y,     N],
  'consultation.refer':        [Y,    Y,     N,     N,     N,     N],
  'meeting.schedule':          [N,    N,     Y,     Y,     Y,     N],
  'meeting.apologies':         [Y,    N,     Y,     Y,     N,     N],
  'meeting.proxy':             [N,    N,     Y,     Y,     N,     N],
  'meeting.register':          [N,    N,     N,     N,     Y,     N],
  'meeting.brief':             [N,    N,     Y,     Y,     Y,     N],
  'absence.review':            [N,    N,     N,     N,     Y,     N],
  'action.create':             [N,    N,     Y,     Y,     Y,     N],
  'action.view-body':          [N,    N,     Y,     Y,     Y,     N],
  'action.accept-due-date':    [N,    N,     Y,     Y,     N,     N],
  'policy.manage':             [N,    N,     N,     N,     Y,     N],
  'person.export':             [N,    N,     N,     N,     Y,     N],
  'person.remove':             [N,    N,     N,     N,     Y,     N],
  'directory.install':         [N,    N,     N,     N,     Y,     N],
  'membership.manage':         [N,    N,     N,     N,     Y,     N],
  'dashboard.view':            [Y,    Y,     Y,     Y,     Y,     N],
  'attendance.view-body':      [N,    N,     Y,     Y,     Y,     N],
  'dashboard.annual-report':   [N,    N,     Y,     Y,     Y,     N],
  'returns.open':              [N,    N,     N,     N,     Y,     N],
  'returns.reopen':            [N,    N,     N,     N,     Y,     N],
  'returns.peer-review':       [N,    N,     Y,     N,     Y,     N],
};

describe('the authorization table', () => {
  it('has a row for every permission, and no row for a permission that does not exist', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  it('builds each role from a real seat of the sample', () => {
    for (const role of ROLE_ORDER) {
      const { subject, on } = ROLE_SUBJECTS[role];
      expect(rolesOf(subject, on), role).toEqual([role]);
    }
  });

  for (const permission of Object.keys(EXPECTED) as Permission[]) {
    describe(permission, () => {
      ROLE_ORDER.forEach((role, column) => {
        const expected = EXPECTED[permission][column]!;
        const { subject, on, who } = ROLE_SUBJECTS[role];
        it(`${expected ? 'allows' : 'refuses'} the ${role} (${who})`, () => {
          expect(can(subject, permission, { bodyId: on })).toBe(expected);
          if (expected) expect(() => authorize(subject, permission, { bodyId: on })).not.toThrow();
          else expect(() => authorize(subject, permission, { bodyId: on })).toThrow(DomainError);
        });
      });
    });
  }
});

describe('roles are taken on the body in question', () => {
  const ldChair = subjectFor('p-ld-chair');
  const cafcass = subjectFor('p-cafcass');
  const deputy = subjectFor('p-cafcass-deputy');
  const independentChair = subjectFor('p-independent-chair');
  const manager = subjectFor('p-mscb-manager');

  const cases: [string, Subject, Permission, Scope, boolean][] = [
    ['a sub-group chair cannot send to the board', ldChair, 'consultation.send', { bodyId: BOARD }, N],
    ['a sub-group chair cannot see the board tally', ldChair, 'consultation.tally', { bodyId: BOARD }, N],
    ['a sub-group chair holds no casting vote on the board', ldChair, 'consultation.casting-vote', { bodyId: BOARD }, N],
    ['a sub-group chair can send to their own body', ldChair, 'consultation.send', { bodyId: LD }, Y],
    ['the independent chair cannot send to a sub-group they do not chair', independentChair, 'consultation.send', { bodyId: QA }, N],
    ['a board member cannot comment on a sub-group they do not sit on', cafcass, 'consultation.comment', { bodyId: LD }, N],
    ['a deputy has no role on a body where they deputise for nobody', deputy, 'dashboard.view', { bodyId: QA }, N],
    ['the manager acts on every body, seat or not', manager, 'consultation.send', { bodyId: 'mscb-ppyp' }, Y],
    ['the manager does not answer for an agency', manager, 'consultation.answer', { bodyId: QA }, N],
  ];
  for (const [name, subject, permission, scope, expected] of cases) {
    it(name, () => expect(can(subject, permission, scope)).toBe(expected));
  }

  it('a chair who sits for an agency both chairs and answers for it (QA chair for CSF)', () => {
    const qaChair = subjectFor('p-csf-csc-head');
    expect(rolesOf(qaChair, QA).sort()).toEqual(['body-chair', 'member']);
    expect(can(qaChair, 'consultation.send', { bodyId: QA })).toBe(true);
    expect(can(qaChair, 'consultation.answer', { bodyId: QA })).toBe(true);
  });

  it('without a body, roles are gathered from every seat', () => {
    expect(rolesOf(ldChair).sort()).toEqual(['body-chair']);
    expect(rolesOf(subjectFor('p-csf-csc-head')).sort()).toEqual(['body-chair', 'member']);
    expect(rolesOf(manager)).toEqual(['manager']);
    expect(can(ldChair, 'consultation.send')).toBe(true);
  });

  it('a person in the directory with no seat is an outsider', () => {
    const noSeat = subjectFor('p-no-seat');
    expect(rolesOf(noSeat)).toEqual(['outsider']);
    expect(can(noSeat, 'dashboard.view')).toBe(false);
    expect(can(noSeat, 'consultation.comment', { bodyId: BOARD })).toBe(false);
  });

  it('refuses with a stable code and a plain message', () => {
    try {
      authorize(cafcass, 'person.remove');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('AUTH.FORBIDDEN');
      expect((err as DomainError).message).toMatch(/board manager/);
    }
  });
});

describe('agency returns: who sees and who fills them (issue #20)', () => {
  const cafcassLeads = ['p-cafcass', 'p-cafcass-deputy'];
  // [who, sees every return, sees the matrix, sees CAFCASS's return, fills CAFCASS's return]
  const cases: [string, string, boolean, boolean, boolean, boolean][] = [
    ['the board manager', 'p-mscb-manager', Y, Y, Y, N],
    ['the independent chair', 'p-independent-chair', Y, Y, Y, N],
    ['the QA sub-group chair', 'p-csf-csc-head', Y, Y, Y, N],
    ['a QA sub-group member (CAIT representative)', 'p-cait-rep', Y, Y, Y, N],
    ["CAFCASS's board member", 'p-cafcass', N, Y, Y, Y],
    ["CAFCASS's standing deputy", 'p-cafcass-deputy', N, Y, Y, Y],
    ["another agency's board member (Probation)", 'p-probation-aco', Y, Y, Y, N],
    ["another agency's board member (CRC), not on QA", 'p-crc-aco', N, Y, N, N],
    ['a sub-group chair not on the board (L&D)', 'p-ld-chair', N, Y, N, N],
    ['someone not in the directory', 'p-not-in-directory', N, N, N, N],
  ];
  for (const [who, id, all, matrix, sees, fills] of cases) {
    it(`${who}: every return ${all}, matrix ${matrix}, CAFCASS's return ${sees}, fills it ${fills}`, () => {
      const subject = subjectFor(id);
      expect(canSeeAllReturns(subject, QA)).toBe(all);
      expect(canSeeReturnsMatrix(subject, QA, BOARD)).toBe(matrix);
      expect(canSeeReturn(subject, QA, 'cafcass', cafcassLeads)).toBe(sees);
      expect(canFillReturn(subject, cafcassLeads)).toBe(fills);
    });
  }
});

describe('peer review meetings (C §6.5): planned and evaluated on the QA sub-group by its chair and the manager', () => {
  const cases: [string, string, boolean][] = [
    ['the board manager', 'p-mscb-manager', Y],
    ['the QA sub-group chair', 'p-csf-csc-head', Y],
    ['the independent chair (not the QA chair)', 'p-independent-chair', N],
    ['a QA sub-group member (CAIT representative)', 'p-cait-rep', N],
    ['another sub-group chair (L&D)', 'p-ld-chair', N],
    ["CAFCASS's board member", 'p-cafcass', N],
    ['someone not in the directory', 'p-not-in-directory', N],
  ];
  for (const [who, id, allowed] of cases) {
    it(`${who}: ${allowed ? 'may' : 'may not'}`, () => {
      expect(can(subjectFor(id), 'returns.peer-review', { bodyId: QA })).toBe(allowed);
      if (!allowed) expect(() => authorize(subjectFor(id), 'returns.peer-review', { bodyId: QA })).toThrow(DomainError);
    });
  }
});

describe('confidential items are seen by named viewers only', () => {
  const manager = subjectFor('p-mscb-manager');
  const ldChair = subjectFor('p-ld-chair');
  const cafcass = subjectFor('p-cafcass');
  const outsider = subjectFor('p-not-in-directory');
  const named = (...ids: string[]): Scope => ({ bodyId: LD, confidentialTo: ids });

  const cases: [string, Subject, Permission, Scope, boolean][] = [
    ['the manager, not named, is refused despite the role', manager, 'action.view-body', named('p-ld-chair'), N],
    ['the manager, named, is allowed', manager, 'action.view-body', named('p-mscb-manager'), Y],
    ['the body chair, named, is allowed', ldChair, 'action.view-body', named('p-ld-chair', 'p-mscb-manager'), Y],
    ['the body chair, not named, is refused', ldChair, 'action.view-body', named('p-mscb-manager'), N],
    ['a named viewer still needs the role: a member named cannot see the whole body', cafcass, 'action.view-body', { bodyId: BOARD, confidentialTo: ['p-cafcass'] }, N],
    ['a named member may do what members do', cafcass, 'dashboard.view', { bodyId: BOARD, confidentialTo: ['p-cafcass'] }, Y],
    ['being named gives an outsider nothing', outsider, 'dashboard.view', named('p-not-in-directory'), N],
    ['an empty list of viewers shuts everyone out', manager, 'action.view-body', named(), N],
  ];
  for (const [name, subject, permission, scope, expected] of cases) {
    it(name, () => expect(can(subject, permission, scope)).toBe(expected));
  }
});

describe('records reached by a client-sent id: who may see them', () => {
  const manager = subjectFor('p-mscb-manager');
  const boardChair = subjectFor('p-independent-chair');
  const ldChair = subjectFor('p-ld-chair');
  const cafcass = subjectFor('p-cafcass');
  const cafcassDeputy = subjectFor('p-cafcass-deputy');
  const secret = { confidential: true, viewers: ['p-independent-chair', 'p-psw'] };
  const draft = { bodyId: BOARD, status: 'draft' };
  const sent = { bodyId: BOARD, status: 'open' };
  const qaMeeting = { bodyId: QA };

  const cases: [string, boolean, boolean][] = [
    ['a confidential action: a named viewer', canSeeAction(boardChair, secret), Y],
    ['a confidential action: the manager, not named', canSeeAction(manager, secret), N],
    ['a confidential action: a member of its body, not named', canSeeAction(cafcass, secret), N],
    ['an action that is not confidential: anyone', canSeeAction(cafcass, { confidential: false, viewers: [] }), Y],
    ["a draft: the body's chair", canSeeConsultation(boardChair, draft, false), Y],
    ['a draft: the manager, who may send for every body', canSeeConsultation(manager, draft, false), Y],
    ['a draft: a member of the body', canSeeConsultation(cafcass, draft, true), N],
    ['a draft: a deputy of the body', canSeeConsultation(cafcassDeputy, draft, true), N],
    ['a draft: the chair of another body', canSeeConsultation(ldChair, draft, false), N],
    ['a sent consultation: a member of the body', canSeeConsultation(cafcass, sent, true), Y],
    ['a sent consultation: an agency asked from outside the body', canSeeConsultation(subjectFor('p-qa-manager'), sent, true), Y],
    ['a sent consultation: someone not on the body, not asked', canSeeConsultation(subjectFor('p-qa-manager'), sent, false), N],
    ['a meeting: the manager', canSeeMeeting(manager, qaMeeting, false), Y],
    ['a meeting: a member of another body', canSeeMeeting(cafcass, qaMeeting, false), N],
    ['a meeting: a deputy named for one of its seats', canSeeMeeting(cafcassDeputy, qaMeeting, true), Y],
    ['a meeting: the chair of another body', canSeeMeeting(ldChair, qaMeeting, false), N],
    ["a create replay: the record's creator", isReplayBy(boardChair, { createdBy: 'p-independent-chair' }), Y],
    ['a create replay: the manager, who did not create it', isReplayBy(manager, { createdBy: 'p-independent-chair' }), N],
  ];
  for (const [name, actual, expected] of cases) it(name, () => expect(actual).toBe(expected));
});
