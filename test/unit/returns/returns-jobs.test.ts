import { describe, expect, it } from 'vitest';
import { returnsFixture } from '../../support/returns-fixture.js';

type Fixture = Awaited<ReturnType<typeof returnsFixture>>;
const FIVE = ['cafcass', 'london-probation', 'london-crc', 'epsom-st-helier', 'st-georges'];
const green = { standards: ['1', '2', '3', '4', '5', '6', '7', '8'].map((standardId) => ({ standardId, rating: 'green', evidence: 'Audit' })) };

async function open(f: Fixture, period = '2026', agencyIds = FIVE) {
  const o = await f.returns.openRound(await f.actor('p-mscb-manager'), { kind: 'section-11', period, title: `Section 11 ${period}`, deadline: '2026-03-13', agencyIds });
  if (o.kind !== 'opened') throw new Error('not opened');
  return o.round;
}

describe('chasing returns', () => {
  it('reminds the leads of agencies that have not submitted, 3 and 1 working days before, once each', async () => {
    const f = await returnsFixture();
    const round = await open(f);
    await f.returns.submitReturn(await f.actor('p-cafcass'), { roundId: round.id, agencyId: 'cafcass', answers: green });
    expect((await f.returns.remind(new Date('2026-03-10T08:59:00Z'))).reminders).toBe(0);
    expect((await f.returns.remind(new Date('2026-03-10T09:00:00Z'))).reminders).toBe(4);
    expect((await f.returns.remind(new Date('2026-03-10T09:15:00Z'))).reminders).toBe(0);
    expect(f.outbox.batchesStartingWith(`returns:${round.id}:cafcass:remind`)).toEqual([]);
    expect(f.outbox.batch(`returns:${round.id}:london-crc:remind:3`).map((d) => (d.card as { facts: { as: string } }).facts.as).sort()).toEqual(['deputy', 'holder']);
    expect((await f.returns.remind(new Date('2026-03-12T09:00:00Z'))).reminders).toBe(4);
    expect((await f.returns.remind(new Date('2026-03-13T17:00:00Z'))).reminders).toBe(0);
  });

  it('after the deadline, sums up to the chair, the QA chair and the manager naming who did not return, and carries them to QA', async () => {
    const f = await returnsFixture();
    const round = await open(f);
    await f.returns.submitReturn(await f.actor('p-cafcass'), { roundId: round.id, agencyId: 'cafcass', answers: green });
    await f.returns.saveDraft(await f.actor('p-crc-aco'), { roundId: round.id, agencyId: 'london-crc', answers: green });
    expect((await f.returns.summarise(new Date('2026-03-13T16:59:00Z'))).summaries).toBe(0);
    expect((await f.returns.summarise(new Date('2026-03-13T17:00:00Z'))).summaries).toBe(1);
    const summary = f.outbox.batch(`returns:${round.id}:summary`);
    const aads = (ids: string[]) => ids.map((id) => f.sample.people.find((p) => p.id === id)!.aadObjectId).sort();
    expect(summary.map((d) => d.recipientAad).sort()).toEqual(aads(['p-independent-chair', 'p-csf-csc-head', 'p-mscb-manager']));
    const facts = (summary[0]!.card as { facts: { notReturned: { id: string; draft: boolean }[]; submitted: number } }).facts;
    expect(facts.notReturned.map((a) => a.id).sort()).toEqual(['epsom-st-helier', 'london-crc', 'london-probation', 'st-georges']);
    expect(facts.notReturned.find((a) => a.id === 'london-crc')!.draft).toBe(true);
    expect(facts.submitted).toBe(1);
    const carried = await f.carryForward.listOpen('merton-2015', 'mscb-qa');
    expect(carried).toMatchObject([{ kind: 'returns-non-response', title: 'Section 11 2026', consultationId: round.id }]);
    expect(carried[0]!.agencyIds.sort()).toEqual(['epsom-st-helier', 'london-crc', 'london-probation', 'st-georges']);
    // Once: the round is summarised.
    expect((await f.returns.summarise(new Date('2026-03-16T09:00:00Z'))).summaries).toBe(0);
  });

  it('marks a return submitted after the deadline as late, and the matrix shows it', async () => {
    const f = await returnsFixture();
    const round = await open(f);
    f.clock.set('2026-03-16T10:00:00Z');
    await f.returns.submitReturn(await f.actor('p-probation-aco'), { roundId: round.id, agencyId: 'london-probation', answers: green });
    const m = await f.returns.matrix(await f.actor('p-mscb-manager'));
    expect(m.agencies.find((a) => a.agencyId === 'london-probation')).toMatchObject({ status: 'submitted', late: true });
  });

  it('isolates each round: one that fails is logged and skipped, the others still run', async () => {
    const f = await returnsFixture();
    const broken = await open(f, '2025', ['cafcass']);
    const round = await open(f, '2026', ['london-crc']);
    f.repo.failFor.add(broken.id);
    expect(await f.returns.remind(new Date('2026-03-10T09:00:00Z'))).toEqual({ reminders: 1, failed: 1 });
    expect(await f.returns.summarise(new Date('2026-03-13T17:00:00Z'))).toEqual({ summaries: 1, failed: 1 });
    expect(f.outbox.batch(`returns:${round.id}:summary`).length).toBeGreaterThan(0);
    expect(f.log.entries.filter((e) => e.level === 'error').map((e) => e.fields.roundId)).toEqual([broken.id, broken.id]);
  });
});
