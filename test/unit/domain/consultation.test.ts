import { describe, expect, it } from 'vitest';
import {
  applyAnswer,
  decide,
  openConflicts,
  respondingUnits,
  seatAnswers,
  seatVotes,
  tally,
  type AgencyAnswer,
  type Submission,
} from '../../../services/domain/consultation.js';
import type { DecisionRule, RoleCode } from '../../../services/domain/directory.js';
import { aBody, aSeat } from '../../support/directory-builders.js';

const blank = (agencyId = 'police', over: Partial<AgencyAnswer> = {}): AgencyAnswer => ({
  id: `c1:${agencyId}`,
  partnershipId: 'p',
  consultationId: 'c1',
  agencyId,
  required: true,
  votes: true,
  choice: 'none',
  conflicts: [],
  history: [],
  comments: [],
  ...over,
});

const by = (personId: string, as: Submission['as'], choice: Submission['choice'], reason?: string): Submission => ({
  personId,
  as,
  seatId: `seat-${personId}`,
  choice,
  reason,
  at: '2026-11-24T10:00:00.000Z',
});

describe('who answers and who votes, by role code (C §4.10, App3)', () => {
  const cases: [RoleCode[], boolean, boolean][] = [
    [['P', 'V'], true, true],
    [['S', 'V'], true, true],
    [['C', 'V'], true, true],
    [['P'], true, false],
    [['S'], true, false],
    [['C'], true, false],
    [['PO'], false, false],
    [['SA'], false, false],
    [['A'], false, false],
    [['BS'], false, false],
  ];
  it.each(cases)('%j answers=%s votes=%s', (roles, answers, votes) => {
    const seat = aSeat({ id: 's', agencyId: 'a', roles });
    expect(seatAnswers(seat)).toBe(answers);
    expect(seatVotes(seat)).toBe(votes);
  });

  it('never lets a seat without an agency answer (the independent chair has only the casting vote)', () => {
    const chair = aSeat({ id: 'chair', roles: ['V'], office: 'independent-chair' });
    expect(seatAnswers({ ...chair, agencyId: undefined })).toBe(false);
    expect(seatVotes({ ...chair, agencyId: undefined })).toBe(false);
  });

  it('makes one unit per agency, required when any of its seats answers; extras are required', () => {
    const body = aBody({
      seats: [
        aSeat({ id: 'a1', agencyId: 'csf', roles: ['P', 'V'] }),
        aSeat({ id: 'a2', agencyId: 'csf', roles: ['P', 'V'] }),
        aSeat({ id: 'a3', agencyId: 'ccg', roles: ['SA'] }),
        aSeat({ id: 'a4', agencyId: 'housing', roles: ['C'] }),
      ],
    });
    expect(respondingUnits(body, 'consultation', ['probation'])).toEqual([
      { agencyId: 'csf', required: true, votes: false },
      { agencyId: 'ccg', required: false, votes: false },
      { agencyId: 'housing', required: true, votes: false },
      { agencyId: 'probation', required: true, votes: false },
    ]);
    expect(respondingUnits(body, 'decision').filter((u) => u.votes).map((u) => u.agencyId)).toEqual(['csf']);
  });
});

describe('applying answers', () => {
  it('records the first answer and keeps the history', () => {
    const out = applyAnswer(blank(), by('m1', 'member', 'agree'), false);
    expect(out.kind).toBe('recorded');
    expect(out.answer).toMatchObject({ choice: 'agree', answeredBy: 'm1', answeredAs: 'member' });
    expect(out.answer.history).toHaveLength(1);
  });

  it('treats the same answer again as no change (double clicks, retried invokes)', () => {
    const first = applyAnswer(blank(), by('m1', 'member', 'disagree', 'too vague'), false).answer;
    const again = applyAnswer(first, by('m1', 'member', 'disagree', 'too vague'), false);
    expect(again.kind).toBe('unchanged');
    expect(again.answer).toBe(first);
  });

  it('lets the answerer change their mind and keeps before and after', () => {
    const first = applyAnswer(blank(), by('m1', 'member', 'agree'), false).answer;
    const changed = applyAnswer(first, by('m1', 'member', 'disagree', 'new evidence'), false);
    expect(changed.kind).toBe('changed');
    expect(changed.answer.history.at(-1)).toMatchObject({ before: { choice: 'agree' }, after: { choice: 'disagree', reason: 'new evidence' } });
  });

  it('does not let a deputy overturn the member: the member stands and the conflict is recorded (C §5.6)', () => {
    const member = applyAnswer(blank(), by('m1', 'member', 'agree'), false).answer;
    const deputy = applyAnswer(member, by('d1', 'deputy', 'disagree', 'no'), false);
    expect(deputy.kind).toBe('conflict');
    expect(deputy.answer.choice).toBe('agree');
    expect(deputy.answer.answeredBy).toBe('m1');
    expect(openConflicts(deputy.answer)).toMatchObject([{ personId: 'd1', kind: 'deputy-differs-from-member' }]);
    // The same conflicting answer again is not recorded twice.
    expect(applyAnswer(deputy.answer, by('d1', 'deputy', 'disagree', 'no'), false).kind).toBe('unchanged');
  });

  it('lets the member replace a deputy who answered first', () => {
    const deputy = applyAnswer(blank(), by('d1', 'deputy', 'agree'), false).answer;
    const member = applyAnswer(deputy, by('m1', 'member', 'disagree', 'we object'), false);
    expect(member.kind).toBe('changed');
    expect(member.answer).toMatchObject({ choice: 'disagree', answeredBy: 'm1', answeredAs: 'member' });
  });

  it('records two members who differ as a conflict; the first answer stands until they agree', () => {
    const first = applyAnswer(blank('csf'), by('m1', 'member', 'agree'), false).answer;
    const second = applyAnswer(first, by('m2', 'member', 'disagree', 'not ready'), false);
    expect(second.kind).toBe('conflict');
    expect(second.answer.choice).toBe('agree');
    expect(openConflicts(second.answer)).toMatchObject([{ personId: 'm2', kind: 'members-differ' }]);
    const resolved = applyAnswer(second.answer, by('m1', 'member', 'disagree', 'agreed with colleague'), false).answer;
    expect(openConflicts(resolved)).toEqual([]);
  });

  it('treats a second member who concurs as no change', () => {
    const first = applyAnswer(blank('csf'), by('m1', 'member', 'agree'), false).answer;
    expect(applyAnswer(first, by('m2', 'member', 'agree'), false).kind).toBe('unchanged');
  });

  it('records who signed off, when and for which agency when sign-off is asked for', () => {
    const out = applyAnswer(blank('police'), by('m1', 'member', 'agree'), true).answer;
    expect(out.signOff).toEqual({ personId: 'm1', agencyId: 'police', at: '2026-11-24T10:00:00.000Z' });
    expect(applyAnswer(blank('police'), by('m1', 'member', 'disagree', 'x'), true).answer.signOff).toBeUndefined();
  });
});

describe('tally and decision', () => {
  const answered = (agencyId: string, choice: AgencyAnswer['choice'], over: Partial<AgencyAnswer> = {}) =>
    blank(agencyId, { choice, ...over });

  it('counts silence as no response, never as agreement', () => {
    const t = tally([answered('a', 'agree'), answered('b', 'none'), answered('c', 'disagree'), answered('d', 'none', { required: false })]);
    expect(t).toMatchObject({ required: 3, agreed: 1, disagreed: 1, noResponse: 1, nonResponders: ['b'] });
  });

  it.each([
    [['agree', 'agree', 'disagree'], undefined, 'carried'],
    [['agree', 'disagree', 'disagree'], undefined, 'not carried'],
    [['agree', 'disagree', 'none'], undefined, 'tied'],
    [['agree', 'disagree'], 'agree', 'carried'],
    [['agree', 'disagree'], 'disagree', 'not carried'],
    [['none', 'none'], undefined, 'no votes cast'],
  ] as const)('votes %j with casting vote %s: %s', (choices, casting, result) => {
    const answers = choices.map((c, i) => answered(`a${i}`, c));
    expect(decide(answers, casting).result).toBe(result);
  });

  it('counts only agencies that hold a vote', () => {
    const answers = [answered('a', 'agree'), answered('b', 'disagree', { votes: false }), answered('c', 'disagree', { votes: false })];
    expect(decide(answers)).toMatchObject({ for: 1, against: 0, result: 'carried' });
  });
});

describe('decision rules (issue 22)', () => {
  const voter = (i: number, choice: AgencyAnswer['choice']) => blank(`a${i}`, { choice, votes: true });
  const rule = (threshold: DecisionRule['threshold'], holder: DecisionRule['castingVote']['holder'] = 'nobody'): DecisionRule => ({
    threshold,
    source: 'test',
    castingVote: { holder, source: 'test' },
  });
  it.each([
    ['majority-of-voting-agencies', ['agree', 'none', 'none'], 'not decided'],
    ['majority-of-voting-agencies', ['agree', 'agree', 'none'], 'carried'],
    ['majority-of-voting-agencies', ['disagree', 'disagree', 'agree'], 'not carried'],
    ['majority-of-voting-agencies', ['agree', 'disagree', 'none'], 'not decided'],
    ['majority-of-votes-cast', ['agree', 'disagree', 'none'], 'not decided'],
    ['majority-of-votes-cast', ['agree', 'none', 'none'], 'carried'],
    ['unanimity', ['agree', 'agree', 'none'], 'not decided'],
    ['unanimity', ['agree', 'agree', 'agree'], 'carried'],
    ['unanimity', ['agree', 'agree', 'disagree'], 'not carried'],
  ] as const)('%s with %j and no casting vote: %s', (kind, choices, result) => {
    expect(decide(choices.map((c, i) => voter(i, c)), undefined, rule({ kind }))).toMatchObject({ result, voting: 3 });
  });

  it('at least N for: carried at N, not carried once N can no longer be reached', () => {
    const atLeast2 = rule({ kind: 'at-least', count: 2 });
    expect(decide([voter(0, 'agree'), voter(1, 'agree'), voter(2, 'disagree')], undefined, atLeast2).result).toBe('carried');
    expect(decide([voter(0, 'agree'), voter(1, 'disagree'), voter(2, 'disagree')], undefined, atLeast2).result).toBe('not carried');
    expect(decide([voter(0, 'agree'), voter(1, 'none'), voter(2, 'disagree')], undefined, atLeast2).result).toBe('not decided');
  });

  it('a tie awaits the casting vote only where the rule gives one', () => {
    const tie = [voter(0, 'agree'), voter(1, 'disagree')];
    expect(decide(tie, undefined, rule({ kind: 'majority-of-votes-cast' }, 'chair')).result).toBe('tied');
    expect(decide(tie, 'agree', rule({ kind: 'majority-of-votes-cast' }, 'independent-chair')).result).toBe('carried');
    expect(decide(tie, 'agree', rule({ kind: 'majority-of-votes-cast' }, 'nobody')).result).toBe('not decided');
  });
});
