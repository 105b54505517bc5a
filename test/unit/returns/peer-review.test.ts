import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isWorkingDay } from '../../../services/domain/calendar.js';
import { reviewDays, spreadDays } from '../../../services/domain/returns-review.js';
import { peerReviewMeetingId } from '../../../services/returns/peer-review.js';
import { returnsFixture } from '../../support/returns-fixture.js';

const FIVE = ['cafcass', 'london-probation', 'london-crc', 'epsom-st-helier', 'st-georges'];
const P = 'merton-2015';
const QA = 'mscb-qa';

async function withRound(kind: 'section-11' | 'data-set' = 'section-11') {
  const f = await returnsFixture();
  const manager = await f.actor('p-mscb-manager');
  const outcome =
    kind === 'section-11'
      ? await f.returns.openRound(manager, { kind, period: '2026', title: 'Section 11 audit 2026', deadline: '2026-03-13', agencyIds: FIVE })
      : await f.returns.openRound(manager, { kind, period: '2026-Q1', title: 'Data set 2026 Q1', deadline: '2026-03-13', agencyIds: ['met-police'] });
  if (outcome.kind !== 'opened') throw new Error(`not opened: ${JSON.stringify(outcome)}`);
  return { ...f, round: outcome.round, manager };
}

const peerMeetings = async (f: Awaited<ReturnType<typeof withRound>>) => (await f.meetingRepo.listMeetings(P, { bodyIds: [QA] })).filter((m) => m.purpose?.kind === 'peer-review');

describe('planning peer review meetings from a Section 11 round (C §6.5)', () => {
  it('adds one QA meeting per agency on distinct working days of April and May, inviting the chair and the agency lead', async () => {
    const f = await withRound();
    const outcome = await f.returns.planPeerReviews(f.manager, { roundId: f.round.id, place: 'Civic Centre, room 3', time: '10:00' });
    expect(outcome.kind).toBe('planned');
    if (outcome.kind !== 'planned') return;
    expect(outcome.reviews.map((r) => r.agencyId).sort()).toEqual([...FIVE].sort());
    expect(outcome.reviews.every((r) => r.kind === 'planned')).toBe(true);
    const meetings = await peerMeetings(f);
    expect(meetings).toHaveLength(5);
    const days = meetings.map((m) => m.date);
    expect(new Set(days).size).toBe(5);
    for (const d of days) {
      expect(d >= '2026-04-01' && d <= '2026-05-31').toBe(true);
      expect(isWorkingDay(d)).toBe(true);
    }
    // Spread: not five days in a row at the start of April.
    expect([...days].sort().at(-1)! > '2026-05-01').toBe(true);
    const cafcass = meetings.find((m) => m.purpose?.agencyId === 'cafcass')!;
    expect(cafcass.id).toBe(peerReviewMeetingId(P, f.round.id, 'cafcass'));
    expect(cafcass.bodyId).toBe(QA);
    expect(cafcass.place).toBe('Civic Centre, room 3');
    expect(cafcass.guestIds).toEqual(expect.arrayContaining(['p-independent-chair', 'p-cafcass']));
    const ret = await f.repo.getReturn(P, `${f.round.id}:cafcass`);
    expect(ret!.peerReview).toMatchObject({ meetingId: cafcass.id, date: cafcass.date, time: '10:00', plannedBy: 'p-mscb-manager' });
    expect(ret!.history.at(-1)).toMatchObject({ kind: 'review-planned', by: 'p-mscb-manager' });
  });

  it('makes no second meeting when planned again, by the same person or the QA chair', async () => {
    const f = await withRound();
    await f.returns.planPeerReviews(f.manager, { roundId: f.round.id, place: 'Teams' });
    const again = await f.returns.planPeerReviews(await f.actor('p-csf-csc-head'), { roundId: f.round.id, place: 'Teams' });
    expect(again.kind === 'planned' && again.reviews.map((r) => r.kind)).toEqual(Array(5).fill('already-planned'));
    expect(await peerMeetings(f)).toHaveLength(5);
  });

  it('notes a meeting that an interrupted planning made but did not note, instead of making another', async () => {
    const f = await withRound();
    await f.returns.planPeerReviews(f.manager, { roundId: f.round.id, place: 'Teams' });
    const ret = (await f.repo.getReturn(P, `${f.round.id}:london-crc`))!;
    const { peerReview: _dropped, ...without } = ret;
    await f.repo.replaceReturnIfUnchanged({ ...without, history: ret.history.slice(0, -1) });
    const again = await f.returns.planPeerReviews(f.manager, { roundId: f.round.id, place: 'Teams' });
    expect(again.kind === 'planned' && again.reviews.find((r) => r.agencyId === 'london-crc')?.kind).toBe('already-planned');
    expect(await peerMeetings(f)).toHaveLength(5);
    expect((await f.repo.getReturn(P, `${f.round.id}:london-crc`))!.peerReview?.meetingId).toBe(peerReviewMeetingId(P, f.round.id, 'london-crc'));
  });

  it('keeps off the days the QA sub-group already meets', async () => {
    const f = await withRound();
    const free = reviewDays('2026', '2026-03-03', new Set());
    const first = spreadDays(free, 5)![0]!;
    const added = await f.meetingCases.save(f.manager, { formId: randomUUID(), bodyId: QA, date: first, time: '14:00', place: 'Civic Centre' });
    expect(added.kind).toBe('added');
    const outcome = await f.returns.planPeerReviews(f.manager, { roundId: f.round.id, place: 'Teams' });
    expect(outcome.kind === 'planned' && outcome.failed).toEqual([]);
    expect((await peerMeetings(f)).map((m) => m.date)).not.toContain(first);
  });

  it('sends the guests the meeting notice with the QA members when it is due', async () => {
    const f = await withRound();
    await f.returns.planPeerReviews(f.manager, { roundId: f.round.id, place: 'Teams' });
    const m = (await peerMeetings(f)).find((x) => x.purpose?.agencyId === 'cafcass')!;
    f.clock.set(`${m.date}T08:00:00.000Z`);
    await f.meetingCases.sendNotices();
    expect(f.outbox.batch(`meeting:${m.id}:notice:guest:p-cafcass`)).toHaveLength(1);
    expect(f.outbox.batch(`meeting:${m.id}:notice:guest:p-independent-chair`)).toHaveLength(1);
    const card = JSON.stringify(f.outbox.batch(`meeting:${m.id}:notice:guest:p-cafcass`)[0]!.card);
    expect(card).toContain('The Section 11 peer review with CAFCASS');
    expect(card).toContain('You are invited to it, without a seat of your own on the body.');
  });

  it('is for the manager and the QA chair only, refused before the round is read', async () => {
    const f = await withRound();
    for (const who of ['p-cafcass', 'p-independent-chair', 'p-cait-rep', 'p-ld-chair']) {
      await expect(f.returns.planPeerReviews(await f.actor(who), { roundId: 'no-such-round', place: 'Teams' })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    }
    await expect(f.returns.planPeerReviews(f.manager, { roundId: 'no-such-round', place: 'Teams' })).rejects.toMatchObject({ code: 'RETURN_ROUND.NOT_FOUND' });
    const qaChair = await f.returns.planPeerReviews(await f.actor('p-csf-csc-head'), { roundId: f.round.id, place: 'Teams' });
    expect(qaChair.kind).toBe('planned');
  });

  it('refuses a bad form naming each problem, and a data-set round', async () => {
    const f = await withRound();
    const bad = await f.returns.planPeerReviews(f.manager, { roundId: f.round.id, place: ' ', time: '25:00' });
    expect(bad.kind === 'rejected' && bad.problems.map((p) => p.code)).toEqual(['place-missing', 'time-invalid']);
    const g = await withRound('data-set');
    const ds = await g.returns.planPeerReviews(g.manager, { roundId: g.round.id, place: 'Teams' });
    expect(ds.kind === 'rejected' && ds.problems.map((p) => p.code)).toEqual(['not-section-11']);
    expect(await peerMeetings(f)).toHaveLength(0);
  });

  it('says so when April and May have no room left', async () => {
    const f = await withRound();
    f.clock.set('2026-05-29T10:00:00.000Z');
    const outcome = await f.returns.planPeerReviews(f.manager, { roundId: f.round.id, place: 'Teams' });
    expect(outcome).toEqual({ kind: 'rejected', problems: [{ code: 'no-review-days', field: 'roundId', year: '2026', needed: 5 }] });
  });
});

describe("recording a peer review's evaluation against the return", () => {
  it('keeps the evaluation with who and when, per standard agreed or challenged, in the history and the matrix', async () => {
    const f = await withRound();
    const qaChair = await f.actor('p-csf-csc-head');
    f.clock.set('2026-04-20T15:00:00.000Z');
    const outcome = await f.returns.evaluateReturn(qaChair, {
      roundId: f.round.id,
      agencyId: 'cafcass',
      text: 'Evidence for standard 4 was thin; the audit is to be repeated.',
      verdicts: [{ standardId: '1', verdict: 'agreed' }, { standardId: '4', verdict: 'challenged' }, { standardId: '5', verdict: '' }],
    });
    expect(outcome.kind).toBe('evaluated');
    const stored = (await f.repo.getReturn(P, `${f.round.id}:cafcass`))!;
    expect(stored.evaluation).toEqual({ text: 'Evidence for standard 4 was thin; the audit is to be repeated.', verdicts: { '1': 'agreed', '4': 'challenged' }, by: 'p-csf-csc-head', at: '2026-04-20T15:00:00.000Z' });
    const view = await f.returns.returnView(f.manager, f.round.id, 'cafcass');
    expect(view.evaluation?.by).not.toBe('p-csf-csc-head');
    expect(view.canEvaluate).toBe(true);
    const matrix = await f.returns.matrix(f.manager, f.round.id);
    expect(Object.fromEntries(matrix.agencies.map((a) => [a.agencyId, a.reviewed]))).toEqual({ cafcass: true, 'london-probation': false, 'london-crc': false, 'epsom-st-helier': false, 'st-georges': false });
  });

  it('replaces the shown evaluation with a new one and keeps both in the history; a retry adds nothing', async () => {
    const f = await withRound();
    const input = { roundId: f.round.id, agencyId: 'cafcass', text: 'First.' };
    await f.returns.evaluateReturn(f.manager, input);
    await f.returns.evaluateReturn(f.manager, input);
    await f.returns.evaluateReturn(f.manager, { ...input, text: 'Second, after the action plan.' });
    const stored = (await f.repo.getReturn(P, `${f.round.id}:cafcass`))!;
    expect(stored.evaluation?.text).toBe('Second, after the action plan.');
    expect(stored.history.filter((h) => h.kind === 'evaluated').map((h) => h.evaluation?.text)).toEqual(['First.', 'Second, after the action plan.']);
  });

  it('refuses an empty or oversized evaluation and an unknown verdict, and anyone but the manager and QA chair', async () => {
    const f = await withRound();
    const ids = { roundId: f.round.id, agencyId: 'cafcass' };
    expect(await f.returns.evaluateReturn(f.manager, { ...ids, text: '  ' })).toEqual({ kind: 'rejected', problems: [{ code: 'evaluation-missing', field: 'text' }] });
    const long = await f.returns.evaluateReturn(f.manager, { ...ids, text: 'x'.repeat(2001), verdicts: [{ standardId: '2', verdict: 'maybe' }, { standardId: '99', verdict: 'agreed' }] });
    expect(long.kind === 'rejected' && long.problems.map((p) => p.code)).toEqual(['too-long', 'verdict-invalid', 'standard-unknown']);
    for (const who of ['p-cafcass', 'p-independent-chair', 'p-cait-rep']) {
      await expect(f.returns.evaluateReturn(await f.actor(who), { roundId: 'nope', agencyId: 'cafcass', text: 'x' })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    }
    expect((await f.repo.getReturn(P, `${f.round.id}:cafcass`))!.evaluation).toBeUndefined();
  });
});
