import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosmosActionRepo } from '../../infra/cosmos/actions.cosmos-repo.js';
import type { MatrixView, ReturnView } from '../../services/domain/returns-views.js';
import { FixedClock } from '../support/fixed-clock.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

/**
 * The returns' tab API over real HTTP against the composed app and the embedded store (local mode,
 * development sign-in): opening, drafts, submits, the refusals, and what the matrix shows.
 */

let q: TestQuorum;
const clock = new FixedClock('2026-03-02T10:00:00.000Z');
const tokens = new Map<string, string>();

async function tokenFor(personId: string): Promise<string> {
  const known = tokens.get(personId);
  if (known) return known;
  const aadObjectId = q.partnership.people.find((p) => p.id === personId)!.aadObjectId;
  const res = await fetch(`${q.url}/api/tab/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ aadObjectId }) });
  const { token } = (await res.json()) as { token: string };
  tokens.set(personId, token);
  return token;
}

async function call<T>(personId: string, path: string, body?: unknown): Promise<{ status: number; body: T & { error?: { code: string; message: string; problems?: { code: string; message: string }[] } } }> {
  const res = await fetch(`${q.url}/api/tab${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${await tokenFor(personId)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as never };
}

const green = (evidence: string) => ['1', '2', '3', '4', '5', '6', '7', '8'].map((standardId) => ({ standardId, rating: 'green', evidence }));

beforeAll(async () => {
  q = await startTestQuorum({ clock });
});
afterAll(() => q?.stop());

describe('the returns API', () => {
  let roundId = '';

  it('lets the manager open a Section 11 round, and nobody else', async () => {
    const form = { kind: 'section-11', period: '2026', title: 'Section 11 self-assessment 2026', deadline: '2026-03-13', agencyIds: ['cafcass', 'london-probation', 'london-crc', 'epsom-st-helier', 'st-georges'] };
    expect((await call('p-cafcass', '/returns/rounds', form)).status).toBe(403);
    const opened = await call<{ kind: string; roundId: string; requested: number }>('p-mscb-manager', '/returns/rounds', form);
    expect(opened.status).toBe(201);
    expect(opened.body.kind).toBe('opened');
    roundId = opened.body.roundId;
    const bad = await call('p-mscb-manager', '/returns/rounds', { ...form, period: 'soon', title: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.problems!.map((p) => p.message)).toEqual(['Give the year of the self-assessment, e.g. 2026.', 'Give the round a title.']);
  });

  it('refuses an Amber without an action with a message naming the standard', async () => {
    const standards = green('Audit 2026').map((s) => (s.standardId === '4' ? { ...s, rating: 'amber' } : s));
    const res = await call('p-cafcass', `/returns/${roundId}/cafcass/submit`, { answers: { standards } });
    expect(res.status).toBe(400);
    expect(res.body.error!.message).toContain('Standard 4 (Service development takes into account');
    expect(res.body.error!.message).toContain('add at least one action');
  });

  it('keeps the deputy’s draft, takes the member’s submit, puts the Amber action in the register, and does not let a second submit overwrite', async () => {
    const draft = await call<ReturnView>('p-cafcass-deputy', `/returns/${roundId}/cafcass/draft`, { answers: { standards: green('Draft by the deputy').slice(0, 3) } });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ status: 'draft', draftBy: expect.any(String) });
    const standards = green('Audit 2026').map((s) =>
      s.standardId === '4' ? { ...s, rating: 'amber', actions: [{ what: "Ask children and families' views on service changes.", lead: 'Head of Practice', due: '2026-06-30' }] } : s,
    );
    const submitted = await call<ReturnView>('p-cafcass', `/returns/${roundId}/cafcass/submit`, { answers: { standards } });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', late: false, submittedAt: '2026-03-02T10:00:00.000Z' });
    const actionId = submitted.body.standards.find((s) => s.standardId === '4')!.actions[0]!.actionId!;
    const action = await new CosmosActionRepo(q.store.containers.actions).get('merton-2015', actionId);
    expect(action).toMatchObject({ source: 'section-11', bodyId: 'mscb-qa', rag: 'amber', dueDate: '2026-06-30', leads: [{ kind: 'agency', agencyId: 'cafcass' }] });
    const second = await call('p-cafcass-deputy', `/returns/${roundId}/cafcass/submit`, { answers: { standards: green('Deputy overwrite') } });
    expect(second.status).toBe(409);
    expect(second.body.error!.code).toBe('RETURN.ALREADY_SUBMITTED');
    const view = await call<ReturnView>('p-mscb-manager', `/returns/${roundId}/cafcass`);
    expect(view.body.standards.find((s) => s.standardId === '1')!.evidence).toBe('Audit 2026');
  });

  it('refuses a return for an agency you do not sit for, and hides it', async () => {
    const res = await call('p-crc-aco', `/returns/${roundId}/cafcass/draft`, { answers: { standards: green('Not mine') } });
    expect(res.status).toBe(403);
    expect((await call('p-crc-aco', `/returns/${roundId}/cafcass`)).status).toBe(404);
    expect((await call('p-crc-aco', `/returns/${roundId}/cafcass/submit`, { answers: { standards: green('Not mine') } })).status).toBe(403);
  });

  it('answers a malformed body with a fixed message that echoes nothing', async () => {
    const res = await call('p-cafcass', `/returns/${roundId}/cafcass/draft`, { answers: { standards: [{ standardId: 'x'.repeat(500) }] } });
    expect(res.status).toBe(400);
    expect(res.body.error!.message).toBe('The return could not be read: please reload the page and try again.');
  });

  it('shows the matrix to the board with not returned as such, and not to someone outside the board and QA', async () => {
    const m = await call<MatrixView>('p-head-primary', '/returns/matrix');
    expect(m.status).toBe(200);
    const by = (id: string) => m.body.agencies.find((a) => a.agencyId === id)!;
    expect(by('cafcass')).toMatchObject({ status: 'submitted', ratings: { '4': 'amber', '1': 'green' } });
    expect(by('st-georges')).toMatchObject({ status: 'not-returned', ratings: { '1': null } });
    // A sub-group member with no board or QA seat.
    expect((await call('p-senior-social-care-rep', '/returns/matrix')).status).toBe(403);
  });

  it('plans the peer review meetings from the round once, for the manager and the QA chair only (C §6.5)', async () => {
    expect((await call('p-cafcass', `/returns/${roundId}/peer-reviews`, { place: 'Teams' })).status).toBe(403);
    const bad = await call('p-mscb-manager', `/returns/${roundId}/peer-reviews`, { place: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.problems!.map((p) => p.message)).toEqual(['Say where the peer review meetings are held (a room, or "Microsoft Teams").']);
    const planned = await call<{ message: string; reviews: { agencyId: string; agency: string; date: string; kind: string }[] }>('p-csf-csc-head', `/returns/${roundId}/peer-reviews`, { place: 'Civic Centre', time: '10:00' });
    expect(planned.status).toBe(200);
    expect(planned.body.message).toBe('5 peer review meetings planned.');
    expect(new Set(planned.body.reviews.map((r) => r.date)).size).toBe(5);
    const again = await call<{ message: string }>('p-mscb-manager', `/returns/${roundId}/peer-reviews`, { place: 'Civic Centre' });
    expect(again.body.message).toBe('No new peer review meeting was needed. 5 were planned before.');
    const meetings = await q.quorum.meetingRepo.listMeetings(q.partnership.id, { bodyIds: ['mscb-qa'] });
    expect(meetings.filter((m) => m.purpose?.kind === 'peer-review')).toHaveLength(5);
  });

  it("records the evaluation against the return, shown on the return and as 'reviewed' in the matrix", async () => {
    const path = `/returns/${roundId}/cafcass/evaluate`;
    expect((await call('p-cafcass', path, { text: 'Fine.' })).status).toBe(403);
    const bad = await call('p-mscb-manager', path, { text: '', verdicts: [{ standardId: '4', verdict: 'maybe' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.problems!.map((p) => p.message)).toEqual(['Write the evaluation of the peer review meeting.', expect.stringMatching(/^Standard 4 \(.+\): choose agreed or challenged\.$/)]);
    const ok = await call<ReturnView>('p-csf-csc-head', path, { text: 'Standard 4 challenged: the audit is to be repeated.', verdicts: [{ standardId: '4', verdict: 'challenged' }] });
    expect(ok.status).toBe(200);
    expect(ok.body.evaluation).toMatchObject({ text: 'Standard 4 challenged: the audit is to be repeated.', verdicts: { '4': 'challenged' }, at: clock.now().toISOString() });
    expect(ok.body.peerReview?.date).toMatch(/^2026-0[45]-\d\d$/);
    const own = await call<ReturnView>('p-cafcass', `/returns/${roundId}/cafcass`);
    expect(own.body.evaluation?.text).toBe('Standard 4 challenged: the audit is to be repeated.');
    expect(own.body.canEvaluate).toBe(false);
    const m = await call<MatrixView>('p-head-primary', '/returns/matrix');
    expect(m.body.agencies.filter((a) => a.reviewed).map((a) => a.agencyId)).toEqual(['cafcass']);
  });
});
