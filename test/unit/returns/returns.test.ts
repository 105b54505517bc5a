import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../services/domain/errors.js';
import type { ReturnInput } from '../../../services/domain/returns.js';
import { returnsFixture } from '../../support/returns-fixture.js';

const FIVE = ['cafcass', 'london-probation', 'london-crc', 'epsom-st-helier', 'st-georges'];

async function openS11(f: Awaited<ReturnType<typeof returnsFixture>>, agencyIds = FIVE) {
  const outcome = await f.returns.openRound(await f.actor('p-mscb-manager'), { kind: 'section-11', period: '2026', title: 'Section 11 audit 2026', deadline: '2026-03-13', agencyIds });
  if (outcome.kind !== 'opened') throw new Error(`not opened: ${JSON.stringify(outcome)}`);
  return outcome.round;
}

const allGreen = (evidence = 'Audited in January.'): ReturnInput => ({
  standards: ['1', '2', '3', '4', '5', '6', '7', '8'].map((standardId) => ({ standardId, rating: 'green', evidence })),
});

const withAmber = (actions: { what?: string; lead?: string; due?: string }[]): ReturnInput => ({
  standards: allGreen().standards!.map((s) => (s.standardId === '4' ? { ...s, rating: 'amber', actions } : s)),
});

describe('opening a round', () => {
  it('stores "not returned" for every owing agency and sends each return lead a card', async () => {
    const f = await returnsFixture();
    const round = await openS11(f);
    const stored = await f.repo.listReturns('merton-2015', [round.id]);
    expect(stored.map((r) => [r.agencyId, r.status]).sort()).toEqual(FIVE.map((a) => [a, 'not-returned']).sort());
    const cafcass = f.outbox.batch(`returns:${round.id}:cafcass:open`);
    expect(cafcass.map((d) => (d.card as { facts: { as: string } }).facts.as).sort()).toEqual(['deputy', 'holder']);
    expect(round.standards).toHaveLength(8);
  });

  it('is for the manager only, and refuses a bad form naming each problem', async () => {
    const f = await returnsFixture();
    await expect(f.returns.openRound(await f.actor('p-cafcass'), { kind: 'section-11', period: '2026', title: 'x', deadline: '2026-03-13', agencyIds: ['cafcass'] })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    const outcome = await f.returns.openRound(await f.actor('p-mscb-manager'), { kind: 'data-set', period: '2026', title: '', deadline: '2026-01-01', agencyIds: ['nobody', 'cafcass'] });
    expect(outcome.kind).toBe('rejected');
    const codes = outcome.kind === 'rejected' ? outcome.problems.map((p) => p.code) : [];
    expect(codes).toEqual(expect.arrayContaining(['period-invalid', 'title-missing', 'deadline-past', 'agency-unknown', 'agency-owes-nothing']));
  });

  it('takes the standards edited for this round (the business plan adds neglect, BP 2.2)', async () => {
    const f = await returnsFixture();
    const standards = [...f.sample.returns!.section11.standards, { id: '9', text: 'Neglect: the agency recognises and responds to neglect' }];
    const outcome = await f.returns.openRound(await f.actor('p-mscb-manager'), { kind: 'section-11', period: '2027', title: 'Section 11 2027', deadline: '2026-03-13', agencyIds: ['cafcass'], standards });
    expect(outcome.kind === 'opened' && outcome.round.standards.map((s) => s.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });
});

describe('filling a return', () => {
  it('refuses a submit with an Amber and no action, naming the standard', async () => {
    const f = await returnsFixture();
    const round = await openS11(f);
    const outcome = await f.returns.submitReturn(await f.actor('p-cafcass'), { roundId: round.id, agencyId: 'cafcass', answers: withAmber([]) });
    expect(outcome).toEqual({ kind: 'rejected', problems: [{ code: 'action-missing', field: 'standards.4.actions', standardId: '4', rating: 'amber' }] });
    expect((await f.repo.getReturn('merton-2015', `${round.id}:cafcass`))!.status).toBe('not-returned');
  });

  it('refuses an action without its lead or due date, naming what is missing', async () => {
    const f = await returnsFixture();
    const round = await openS11(f);
    const outcome = await f.returns.submitReturn(await f.actor('p-cafcass'), { roundId: round.id, agencyId: 'cafcass', answers: withAmber([{ what: 'Ask young people' }]) });
    expect(outcome.kind === 'rejected' && outcome.problems).toEqual([{ code: 'action-incomplete', field: 'standards.4.actions.0', standardId: '4', missing: ['lead', 'due'] }]);
  });

  it('records who submitted and when, and puts each Amber action in the register for the QA sub-group', async () => {
    const f = await returnsFixture();
    const round = await openS11(f);
    const outcome = await f.returns.submitReturn(await f.actor('p-cafcass'), {
      roundId: round.id,
      agencyId: 'cafcass',
      answers: withAmber([{ what: "Add young people's views to service design", lead: 'Head of Practice', due: '2026-06-30' }]),
    });
    expect(outcome.kind).toBe('submitted');
    const stored = (await f.repo.getReturn('merton-2015', `${round.id}:cafcass`))!;
    expect(stored).toMatchObject({ status: 'submitted', submittedBy: 'p-cafcass', submittedAt: '2026-03-02T10:00:00.000Z' });
    const [action] = [...f.actions.actions.values()];
    expect(action).toMatchObject({ bodyId: 'mscb-qa', agencyId: 'cafcass', standardId: '4', rating: 'amber', registeredFor: 'p-mscb-manager' });
    expect(stored.standards.find((s) => s.standardId === '4')!.actions[0]!.actionId).toBe(action!.id);
    // A retried submit adds no second action.
    await f.returns.submitReturn(await f.actor('p-cafcass'), { roundId: round.id, agencyId: 'cafcass', answers: allGreen() });
    expect(f.actions.actions.size).toBe(1);
  });

  it('keeps a draft by the deputy that the member then submits; a second submit by the other does not overwrite', async () => {
    const f = await returnsFixture();
    const round = await openS11(f);
    const ids = { roundId: round.id, agencyId: 'cafcass' };
    const draft = await f.returns.saveDraft(await f.actor('p-cafcass-deputy'), { ...ids, answers: { standards: [{ standardId: '1', rating: 'green', evidence: 'Board minutes' }] } });
    expect(draft.kind).toBe('saved');
    const view = await f.returns.returnView(await f.actor('p-cafcass'), round.id, 'cafcass');
    expect(view).toMatchObject({ status: 'draft', canFill: true, standards: [{ standardId: '1', rating: 'green', evidence: 'Board minutes' }] });
    expect((await f.returns.submitReturn(await f.actor('p-cafcass'), { ...ids, answers: allGreen('Member evidence') })).kind).toBe('submitted');
    const second = await f.returns.submitReturn(await f.actor('p-cafcass-deputy'), { ...ids, answers: withAmber([{ what: 'x', lead: 'y', due: '2026-05-01' }]) });
    expect(second).toEqual({ kind: 'already-submitted', by: 'p-cafcass', at: '2026-03-02T10:00:00.000Z' });
    const stored = (await f.repo.getReturn('merton-2015', `${round.id}:cafcass`))!;
    expect(stored.standards.every((s) => s.rating === 'green' && s.evidence === 'Member evidence')).toBe(true);
    await expect(f.returns.saveDraft(await f.actor('p-cafcass-deputy'), { ...ids, answers: allGreen() })).rejects.toMatchObject({ code: 'RETURN.SUBMITTED' });
  });

  it('refuses a save over a newer draft than the form was loaded from', async () => {
    const f = await returnsFixture();
    const round = await openS11(f);
    const ids = { roundId: round.id, agencyId: 'cafcass' };
    const loaded = await f.returns.returnView(await f.actor('p-cafcass'), round.id, 'cafcass');
    await f.returns.saveDraft(await f.actor('p-cafcass-deputy'), { ...ids, answers: allGreen('Deputy') });
    const stale = await f.returns.saveDraft(await f.actor('p-cafcass'), { ...ids, answers: allGreen('Member'), version: loaded.version });
    expect(stale).toEqual({ kind: 'changed', by: 'p-cafcass-deputy', at: '2026-03-02T10:00:00.000Z' });
  });

  it('refuses a return for an agency you do not sit for, before reading it, and hides it from view', async () => {
    const f = await returnsFixture();
    const round = await openS11(f);
    const crc = await f.actor('p-crc-aco');
    const err = await f.returns.submitReturn(crc, { roundId: round.id, agencyId: 'cafcass', answers: allGreen() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('AUTH.FORBIDDEN');
    // Refused the same whether the round exists or not: nothing is read first.
    await expect(f.returns.saveDraft(crc, { roundId: 'no-such-round', agencyId: 'cafcass', answers: {} })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    await expect(f.returns.returnView(crc, round.id, 'cafcass')).rejects.toMatchObject({ code: 'RETURN.NOT_FOUND' });
    await expect(f.returns.returnView(crc, 'no-such-round', 'cafcass')).rejects.toMatchObject({ code: 'RETURN.NOT_FOUND' });
    expect((await f.repo.getReturn('merton-2015', `${round.id}:cafcass`))!.status).toBe('not-returned');
  });

  it('is reopened only by the manager, with the submission kept in its history', async () => {
    const f = await returnsFixture();
    const round = await openS11(f);
    const ids = { roundId: round.id, agencyId: 'cafcass' };
    await f.returns.submitReturn(await f.actor('p-cafcass'), { ...ids, answers: allGreen() });
    await expect(f.returns.reopenReturn(await f.actor('p-cafcass'), { ...ids, reason: 'typo' })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    expect(await f.returns.reopenReturn(await f.actor('p-mscb-manager'), ids)).toEqual({ kind: 'rejected', problems: [{ code: 'reason-missing', field: 'reason' }] });
    const reopened = await f.returns.reopenReturn(await f.actor('p-mscb-manager'), { ...ids, reason: 'Evidence for standard 5 is for another year.' });
    expect(reopened.kind === 'reopened' && reopened.ret.status).toBe('draft');
    const history = reopened.kind === 'reopened' ? reopened.ret.history : [];
    expect(history.map((h) => h.kind)).toEqual(['submitted', 'reopened']);
    expect(history[1]!.before!.submittedBy).toBe('p-cafcass');
  });
});

describe('the data set: a blank figure is "not returned", never 0', () => {
  it('stores a blank as no figure, refuses it on submit, and shows it as not returned', async () => {
    const f = await returnsFixture();
    const manager = await f.actor('p-mscb-manager');
    const opened = await f.returns.openRound(manager, { kind: 'data-set', period: '2026-Q1', title: 'Data set 2026 Q1', deadline: '2026-03-13', agencyIds: ['met-police', 'swlstg'] });
    if (opened.kind !== 'opened') throw new Error('not opened');
    const ids = { roundId: opened.round.id, agencyId: 'met-police' };
    const commander = await f.actor('p-borough-commander');
    const blank = { figures: [{ indicatorId: '4.3', value: '' }, { indicatorId: '4.7', value: '0' }] };
    expect(await f.returns.submitReturn(commander, { ...ids, answers: blank })).toEqual({ kind: 'rejected', problems: [{ code: 'figure-missing', field: 'figures.4.3', indicatorId: '4.3' }] });
    await f.returns.saveDraft(commander, { ...ids, answers: blank });
    const draft = (await f.repo.getReturn('merton-2015', `${opened.round.id}:met-police`))!;
    expect(draft.figures).toEqual([{ indicatorId: '4.3' }, { indicatorId: '4.7', value: 0 }]);
    const explained = { figures: [{ indicatorId: '4.3', value: ' ', cannotReport: 'The new system cannot split familial offences yet.' }, { indicatorId: '4.7', value: '0' }] };
    expect((await f.returns.submitReturn(commander, { ...ids, answers: explained })).kind).toBe('submitted');
    const view = await f.returns.dataSet(manager);
    const cell = (id: string) => view.indicators.find((i) => i.id === id)!.cells['2026-Q1'];
    expect(cell('4.7')).toEqual({ kind: 'value', value: 0 });
    expect(cell('4.3')).toEqual({ kind: 'cannot-report', reason: 'The new system cannot split familial offences yet.' });
    // SWLSTG never returned: its figure is a gap, not a zero.
    expect(cell('3.1')).toEqual({ kind: 'not-returned' });
    // Only what was asked is shown: the indicators of the two agencies asked.
    expect(view.indicators.map((i) => i.id)).toEqual(['3.1', '4.3', '4.7']);
  });
});

describe('the matrix', () => {
  it('shows a draft and a silent agency as not returned, never green, and the change since the last round', async () => {
    const f = await returnsFixture();
    const manager = await f.actor('p-mscb-manager');
    const first = await f.returns.openRound(manager, { kind: 'section-11', period: '2025', title: 'Section 11 2025', deadline: '2026-03-13', agencyIds: ['cafcass', 'london-crc'] });
    if (first.kind !== 'opened') throw new Error('not opened');
    await f.returns.submitReturn(await f.actor('p-cafcass'), { roundId: first.round.id, agencyId: 'cafcass', answers: withAmber([{ what: 'a', lead: 'b', due: '2026-05-01' }]) });
    const round = await openS11(f, ['cafcass', 'london-crc', 'london-probation']);
    await f.returns.submitReturn(await f.actor('p-cafcass'), { roundId: round.id, agencyId: 'cafcass', answers: allGreen() });
    await f.returns.saveDraft(await f.actor('p-crc-aco'), { roundId: round.id, agencyId: 'london-crc', answers: allGreen() });
    const m = await f.returns.matrix(await f.actor('p-crc-aco'));
    expect(m.round.id).toBe(round.id);
    expect(m.previousRound?.id).toBe(first.round.id);
    const by = (id: string) => m.agencies.find((a) => a.agencyId === id)!;
    expect(by('cafcass').ratings['4']).toBe('green');
    expect(by('cafcass').change['4']).toBe('better');
    expect(by('cafcass').change['1']).toBe('same');
    expect(by('london-crc')).toMatchObject({ status: 'draft', ratings: { '1': null } });
    expect(by('london-probation')).toMatchObject({ status: 'not-returned', ratings: { '1': null } });
    // The board sees the matrix: a head teacher on the board, whose school was not asked.
    await expect(f.returns.matrix(await f.actor('p-head-primary'))).resolves.toMatchObject({ round: { id: round.id } });
  });
});
