import express from 'express';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_OUTSIDER } from '../../app/tab-api.js';
import { CosmosActionRepo } from '../../infra/cosmos/actions.cosmos-repo.js';
import { devSessions } from '../../infra/tab-auth.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import type { ActionsView, AnnualReportView, AttendanceView, ConsultationsView, MeView, NonResponseView, PoliciesView } from '../../services/domain/dashboard-views.js';
import { leadKey, type ActionItem, type Lead } from '../../services/domain/action.js';
import { Directory, type Partnership } from '../../services/domain/directory.js';
import { TENANT } from '../support/activities.js';
import { PEOPLE, seedDashboard, type DashboardSeed } from '../support/dashboard-seed.js';
import { FixedClock } from '../support/fixed-clock.js';
import { azureModeEnv, startTestQuorum, type TestQuorum } from '../support/harness.js';

/**
 * The dashboard API over real HTTP against the composed app in azure mode: Teams SSO tokens signed
 * by keys that a local "Entra" serves (ENTRA_AUTHORITY points at it), every view for each kind of
 * viewer, and every way a token can be wrong. Then local mode's development sign-in.
 */

const APP_ID = '7a2b3c4d-0000-4000-8000-00000000d001';
const HOST = 'quorum.example.org';
const FOREIGN_TENANT = '99999999-9999-4999-8999-999999999999';
const NO_SEAT = { id: 'p-former-officer', aadObjectId: '00000000-0000-0000-0000-00000000fffe', displayName: 'Former Officer (no seat)' };

let entra: { url: string; server: Server };
let goodKey: CryptoKey;
let rogueKey: CryptoKey;
let q: TestQuorum;
let seed: DashboardSeed;
let directory: Directory;

async function startEntra(publicJwk: Record<string, unknown>) {
  const app = express();
  const requests: string[] = [];
  app.get('/:tenant/discovery/v2.0/keys', (req, res) => {
    requests.push(req.params.tenant);
    res.json({ keys: [publicJwk] });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

/** A Teams SSO token as Entra would issue it for the tab, with any claim overridden. */
async function token(aadObjectId: string, over: { claims?: JWTPayload; key?: CryptoKey; kid?: string; issuer?: string; audience?: string; expires?: string | number } = {}) {
  return new SignJWT({ oid: aadObjectId, tid: TENANT, scp: 'access_as_user', name: 'Test user', ver: '2.0', ...over.claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: over.kid ?? 'good-key' })
    .setIssuer(over.issuer ?? `${entra.url}/${TENANT}/v2.0`)
    .setAudience(over.audience ?? `api://${HOST}/${APP_ID}`)
    .setIssuedAt()
    .setExpirationTime(over.expires ?? '1h')
    .sign(over.key ?? goodKey);
}

const aad = (personId: string) => directory.person(personId)!.aadObjectId;

async function get<T>(path: string, bearer?: string, base = q.url): Promise<{ status: number; body: T & { error?: { code: string } }; text: string }> {
  const res = await fetch(`${base}/api/tab${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), text };
}

async function as(personId: string) {
  return token(aad(personId));
}

beforeAll(async () => {
  const good = await generateKeyPair('RS256', { extractable: true });
  const rogue = await generateKeyPair('RS256', { extractable: true });
  goodKey = good.privateKey;
  rogueKey = rogue.privateKey;
  entra = await startEntra({ ...(await exportJWK(good.publicKey)), kid: 'good-key', alg: 'RS256', use: 'sig' });

  const partnership: Partnership = await readPartnershipFile('partnerships/merton-2015.json');
  partnership.people.push(NO_SEAT);
  directory = new Directory(partnership);
  const clock = new FixedClock('2026-06-01T09:00:00.000Z');
  q = await startTestQuorum({
    clock,
    partnership,
    env: azureModeEnv(APP_ID, { PUBLIC_HOSTNAME: HOST, ENTRA_AUTHORITY: entra.url }),
  });
  seed = await seedDashboard(q.quorum, clock);
});

afterAll(async () => {
  await q?.stop();
  entra?.server.close();
});

const VIEWS = ['consultations', 'non-response', 'attendance', 'actions', 'policies', 'annual-report'] as const;

describe('every view, for each kind of viewer', () => {
  it('the manager sees every agency, the whole register and every non-confidential action', async () => {
    const t = await as(PEOPLE.manager);
    const me = await get<MeView>('/me', t);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ isManager: true, roles: ['manager'], views: [...VIEWS], signedInWith: 'sso' });

    const c = (await get<ConsultationsView>('/views/consultations', t)).body;
    expect(c.allAgencies).toBe(true);
    expect(c.columns.map((x) => x.id).sort()).toEqual(Object.values(seed.consultations).sort());
    const col = c.columns.findIndex((x) => x.id === seed.consultations.strategy);
    const state = (agencyId: string) => c.rows.find((r) => r.agencyId === agencyId)?.cells[col]?.state;
    expect([state('csf'), state('met-police'), state('merton-ccg'), state('nhs-england-london')]).toEqual(['agree', 'disagree', 'conflict', 'no-response']);
    expect(c.openItems.map((i) => i.consultationId).sort()).toEqual([seed.consultations.strategy, seed.consultations.qaPlan].sort());

    const nr = (await get<NonResponseView>('/views/non-response', t)).body;
    const nhse = nr.agencies.find((a) => a.agencyId === 'nhs-england-london')!;
    expect(nhse.items.find((i) => i.consultationId === seed.consultations.escalation)).toMatchObject({ status: 'closed', daysOverdue: 5 });
    expect(nhse.lastReminder).toBe('2026-10-08T08:00:00.000Z');

    const att = (await get<AttendanceView>('/views/attendance', t)).body;
    const big = att.bodies.find((b) => b.body.id === 'mscb-big')!;
    expect(big.allSeats).toBe(true);
    expect(big.seats.find((s) => s.seatId === 'big-probation')).toMatchObject({ streak: 3, streakBreach: true });
    expect(big.pendingReviews.length).toBeGreaterThan(0);
    expect(big.meetings.find((m) => m.id === seed.meetings.bigNovember)).toMatchObject({ status: 'scheduled', apologies: 2 });

    const actions = (await get<ActionsView>('/views/actions', t)).body;
    expect(actions.actions.map((a) => a.id).sort()).toEqual(
      [seed.actions.policeOverdue, seed.actions.csfPlan, seed.actions.qaAudit, seed.actions.bigProbation, seed.actions.done].sort(),
    );
    expect(actions.overdue.map((a) => a.id)).toEqual([seed.actions.qaAudit, seed.actions.policeOverdue]);

    const policies = (await get<PoliciesView>('/views/policies', t)).body;
    expect(policies.policies.map((p) => p.state)).toEqual(['overdue', 'due-soon', 'current', 'current']);

    const report = (await get<AnnualReportView>('/views/annual-report?year=2026', t)).body;
    expect(report.bodies).toHaveLength(directory.bodies.length);
    expect(report.agencies.find((a) => a.agencyId === 'met-police')).toMatchObject({ required: 1, answered: 1, responseRate: 1 });
  });

  it('the independent chair sees every agency on the board and BIG, and nothing of the sub-groups', async () => {
    const t = await as(PEOPLE.independentChair);
    const c = (await get<ConsultationsView>('/views/consultations', t)).body;
    expect(c.allAgencies).toBe(true);
    expect(c.columns.map((x) => x.bodyId).sort()).toEqual(['mscb-board', 'mscb-board']);
    expect((await get<AttendanceView>('/views/attendance', t)).body.bodies.map((b) => [b.body.id, b.allSeats])).toEqual([
      ['mscb-board', true],
      ['mscb-big', true],
    ]);
    const actions = (await get<ActionsView>('/views/actions', t)).body.actions.map((a) => a.id);
    expect(actions).not.toContain(seed.actions.qaAudit);
    expect(actions).not.toContain(seed.actions.confidential);
    expect((await get<AnnualReportView>('/views/annual-report', t)).body.bodies.map((b) => b.id)).toEqual(['mscb-board', 'mscb-big']);
  });

  it("a body chair sees every agency on their sub-group, their agency elsewhere, and the confidential action they are named on", async () => {
    const t = await as(PEOPLE.qaChair);
    const c = (await get<ConsultationsView>('/views/consultations', t)).body;
    const qa = c.columns.findIndex((x) => x.id === seed.consultations.qaPlan);
    const strategy = c.columns.findIndex((x) => x.id === seed.consultations.strategy);
    expect(c.rows.filter((r) => r.cells[qa] !== null).length).toBeGreaterThan(5);
    expect(c.rows.filter((r) => r.cells[strategy] !== null).map((r) => r.agencyId)).toEqual(['csf']);
    const nr = (await get<NonResponseView>('/views/non-response', t)).body;
    expect(nr.agencies.every((a) => a.items.every((i) => i.consultationId === seed.consultations.qaPlan || a.agencyId === 'csf'))).toBe(true);
    const actions = (await get<ActionsView>('/views/actions', t)).body.actions.map((a) => a.id);
    expect(actions).toContain(seed.actions.confidential);
    expect(actions).toContain(seed.actions.qaAudit);
    expect((await get<AnnualReportView>('/views/annual-report', t)).body.bodies.map((b) => b.id)).toEqual(['mscb-qa']);
    const att = (await get<AttendanceView>('/views/attendance', t)).body;
    expect(att.bodies.find((b) => b.body.id === 'mscb-big')!.allSeats).toBe(false);
  });

  it("a member sees their agency's answers, their own seats and the actions their agency leads", async () => {
    const t = await as(PEOPLE.police);
    const me = (await get<MeView>('/me', t)).body;
    expect(me.roles).toEqual(['member']);
    expect(me.views).not.toContain('annual-report');
    const c = (await get<ConsultationsView>('/views/consultations', t)).body;
    expect(c.allAgencies).toBe(false);
    expect(c.rows.map((r) => r.agencyId)).toEqual(['met-police']);
    const col = c.columns.findIndex((x) => x.id === seed.consultations.strategy);
    expect(c.rows[0]!.cells[col]).toMatchObject({ state: 'disagree', reason: 'The thresholds section needs police input first.' });
    expect((await get<NonResponseView>('/views/non-response', t)).body.agencies.map((a) => a.agencyId)).toEqual([]);
    const att = (await get<AttendanceView>('/views/attendance', t)).body;
    expect(att.bodies.flatMap((b) => b.seats.map((s) => s.seatId)).sort()).toEqual(['big-police', 'board-police-commander']);
    expect(att.bodies.flatMap((b) => b.pendingReviews)).toEqual([]);
    expect((await get<ActionsView>('/views/actions', t)).body.actions.map((a) => a.id)).toEqual([seed.actions.policeOverdue]);
    expect((await get<PoliciesView>('/views/policies', t)).body.policies).toHaveLength(4);
    const report = await get<AnnualReportView>('/views/annual-report', t);
    expect(report.status).toBe(403);
    expect(report.body).toEqual({ error: { code: 'AUTH.FORBIDDEN', message: expect.any(String) } });
  });

  it("a deputy sees their agency's row, with their own answer, and the seats they deputise for", async () => {
    const t = await as(PEOPLE.csfDeputy);
    expect((await get<MeView>('/me', t)).body.roles).toEqual(['deputy']);
    const c = (await get<ConsultationsView>('/views/consultations', t)).body;
    expect(c.rows.map((r) => r.agencyId)).toEqual(['csf']);
    const col = c.columns.findIndex((x) => x.id === seed.consultations.escalation);
    expect(c.rows[0]!.cells[col]).toMatchObject({ state: 'agree', answeredAs: 'deputy' });
    const att = (await get<AttendanceView>('/views/attendance', t)).body;
    expect(att.bodies.flatMap((b) => b.seats.map((s) => s.seatId)).sort()).toEqual(['big-csf-director', 'board-csf-director']);
    expect((await get<ActionsView>('/views/actions', t)).body.actions.map((a) => a.id)).toEqual([seed.actions.csfPlan]);
    expect((await get('/views/annual-report', t)).status).toBe(403);
  });

  it('an outsider, in the directory without a seat or not in it at all, gets nothing', async () => {
    for (const who of [NO_SEAT.aadObjectId, DEV_OUTSIDER.aadObjectId]) {
      const t = await token(who);
      for (const path of ['/me', ...VIEWS.map((v) => `/views/${v}`)]) {
        const res = await get(path, t);
        expect(res.status, `${who} ${path}`).toBe(403);
        expect(Object.keys(res.body)).toEqual(['error']);
      }
    }
  });

  it('confidential actions are absent for everyone not named on them, whatever their role', async () => {
    const named = [PEOPLE.qaChair, 'p-designated-doctor'];
    for (const personId of [PEOPLE.manager, PEOPLE.independentChair, PEOPLE.police, PEOPLE.csfDeputy, 'p-designated-nurse', ...named]) {
      const res = await get<ActionsView>('/views/actions', await as(personId));
      const ids = [...res.body.actions, ...res.body.overdue].map((a) => a.id);
      expect(ids.includes(seed.actions.confidential), personId).toBe(named.includes(personId));
      expect(res.text.includes('health chronology'), personId).toBe(named.includes(personId));
    }
  });

  it('filters actions by lead, source and status on the server', async () => {
    const t = await as(PEOPLE.manager);
    const byLead = (await get<ActionsView>('/views/actions?lead=agency%3Amet-police', t)).body;
    expect(byLead.actions.map((a) => a.id)).toEqual([seed.actions.policeOverdue]);
    expect(byLead.applied).toEqual({ lead: 'agency:met-police' });
    expect((await get<ActionsView>('/views/actions?source=work-plan', t)).body.actions.map((a) => a.id)).toEqual([seed.actions.qaAudit]);
    expect((await get<ActionsView>('/views/actions?status=complete', t)).body.actions.map((a) => a.id)).toEqual([seed.actions.done]);
  });

  it('answers 404 for an unknown view and 400 for a bad year', async () => {
    const t = await as(PEOPLE.manager);
    expect((await get('/views/secrets', t)).status).toBe(404);
    expect((await get('/views/annual-report?year=soon', t)).status).toBe(400);
  });
});

describe('tokens that must be refused', () => {
  const refused = async (bearer: string | undefined) => {
    for (const path of ['/me', '/views/consultations', '/views/actions']) {
      const res = await get(path, bearer);
      expect(res.status, path).toBe(401);
      expect(res.body).toEqual({ error: { code: 'AUTH.INVALID_TOKEN', message: 'Please sign in again.' } });
    }
  };

  it('accepts a good token (the control)', async () => {
    expect((await get('/me', await as(PEOPLE.manager))).status).toBe(200);
    // v1 tokens carry the sts.windows.net issuer and the Application ID URI.
    expect((await get('/me', await token(aad(PEOPLE.manager), { issuer: `https://sts.windows.net/${TENANT}/`, claims: { ver: '1.0' } }))).status).toBe(200);
    // Or the client id as audience.
    expect((await get('/me', await token(aad(PEOPLE.manager), { audience: APP_ID }))).status).toBe(200);
  });

  it('refuses no token, garbage, and a token with its signature cut off', async () => {
    await refused(undefined);
    await refused('not-a-token');
    await refused('abc.def.ghi');
    const [h, p] = (await as(PEOPLE.manager)).split('.');
    await refused(`${h}.${p}.`);
  });

  it('refuses a token signed by a key Entra does not publish', async () => {
    await refused(await token(aad(PEOPLE.manager), { key: rogueKey }));
    await refused(await token(aad(PEOPLE.manager), { key: rogueKey, kid: 'rogue-key' }));
  });

  it('refuses a token of another tenant, even signed by a published key', async () => {
    await refused(await token(aad(PEOPLE.manager), { issuer: `${entra.url}/${FOREIGN_TENANT}/v2.0`, claims: { tid: FOREIGN_TENANT } }));
    await refused(await token(aad(PEOPLE.manager), { claims: { tid: FOREIGN_TENANT } }));
    await refused(await token(aad(PEOPLE.manager), { issuer: `https://sts.windows.net/${FOREIGN_TENANT}/` }));
  });

  it('refuses another audience, an expired token, an app-only token, and a development session', async () => {
    await refused(await token(aad(PEOPLE.manager), { audience: 'api://someone-else.example.org/other-app' }));
    await refused(await token(aad(PEOPLE.manager), { expires: Math.floor(Date.now() / 1000) - 600 }));
    await refused(await token(aad(PEOPLE.manager), { claims: { scp: undefined, roles: ['Something.All'] } }));
    const local = devSessions('local');
    await refused((await local.issue(aad(PEOPLE.manager))).token);
  });

  it('has no development sign-in in azure mode', async () => {
    const users = await fetch(`${q.url}/api/tab/dev/users`);
    expect(users.status).toBe(401);
    const signIn = await fetch(`${q.url}/api/tab/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ aadObjectId: aad(PEOPLE.manager) }),
    });
    expect(signIn.status).toBe(401);
    expect(await signIn.json()).toEqual({ error: { code: 'AUTH.INVALID_TOKEN', message: 'Please sign in again.' } });
    expect(await (await fetch(`${q.url}/api/tab/config`)).json()).toEqual({ sso: true, devSignIn: false });
    expect(() => devSessions('azure')).toThrow(/only in local mode/);
  });
});

describe('local mode: the development sign-in', () => {
  let local: TestQuorum;
  beforeAll(async () => {
    local = await startTestQuorum({ clock: new FixedClock('2026-10-14T10:00:00.000Z') });
  });
  afterAll(() => local?.stop());

  it('lists the sample users and signs in as one of them for a short while', async () => {
    expect(await (await fetch(`${local.url}/api/tab/config`)).json()).toEqual({ sso: false, devSignIn: true });
    const { users } = (await (await fetch(`${local.url}/api/tab/dev/users`)).json()) as { users: { aadObjectId: string; name: string }[] };
    expect(users[0]).toMatchObject({ name: 'MSCB Board Manager' });
    const res = await fetch(`${local.url}/api/tab/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ aadObjectId: users[0]!.aadObjectId }),
    });
    const session = (await res.json()) as { token: string; expiresAt: string };
    expect(Date.parse(session.expiresAt) - Date.now()).toBeLessThanOrEqual(3600_000);
    const me = await get<MeView>('/me', session.token, local.url);
    expect(me.body).toMatchObject({ name: 'MSCB Board Manager', signedInWith: 'dev' });
  });

  it('refuses a user who is not a sample, and a session signed by another process', async () => {
    const res = await fetch(`${local.url}/api/tab/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ aadObjectId: 'ffffffff-ffff-ffff-ffff-ffffffffffff' }),
    });
    expect(res.status).toBe(400);
    const other = devSessions('local');
    expect((await get('/me', (await other.issue(aad(PEOPLE.manager))).token, local.url)).status).toBe(401);
  });
});

describe("the annual report's returns (#20)", () => {
  it("shows the year's Section 11 round by agency and the data set with its gaps, to the manager and the chairs only", async () => {
    const actor = async (personId: string) => (await q.quorum.directory.findActor(aad(personId)))!;
    const manager = await actor(PEOPLE.manager);
    const s11 = await q.quorum.returns.openRound(manager, { kind: 'section-11', period: '2026', title: 'Section 11 audit 2026', deadline: '2027-03-15', agencyIds: ['cafcass', 'london-crc'] });
    if (s11.kind !== 'opened') throw new Error(JSON.stringify(s11));
    const amber = ['1', '2', '3', '4', '5', '6', '7', '8'].map((standardId) =>
      standardId === '4'
        ? { standardId, rating: 'amber', evidence: 'Audit found gaps.', actions: [{ what: 'Train front-line staff', lead: 'Head of safeguarding', due: '2026-12-31' }] }
        : { standardId, rating: 'green', evidence: 'Audited in May.' },
    );
    expect((await q.quorum.returns.submitReturn(await actor(PEOPLE.cafcass), { roundId: s11.round.id, agencyId: 'cafcass', answers: { standards: amber } })).kind).toBe('submitted');
    const ds = await q.quorum.returns.openRound(manager, { kind: 'data-set', period: '2026-Q1', title: 'Data set 2026 Q1', deadline: '2027-03-15', agencyIds: ['met-police', 'swlstg'] });
    if (ds.kind !== 'opened') throw new Error(JSON.stringify(ds));
    const figures = { figures: [{ indicatorId: '4.3', value: '12' }, { indicatorId: '4.7', value: '0' }] };
    expect((await q.quorum.returns.submitReturn(await actor(PEOPLE.police), { roundId: ds.round.id, agencyId: 'met-police', answers: figures })).kind).toBe('submitted');

    const report = (await get<AnnualReportView>('/views/annual-report?year=2026', await as(PEOPLE.manager))).body;
    expect(report.returns.section11!.round).toMatchObject({ id: s11.round.id, agencies: 2, submitted: 1 });
    expect(report.returns.section11!.agencies).toEqual([
      { agencyId: 'cafcass', agency: expect.any(String), status: 'submitted', late: false, counts: { green: 7, amber: 1, red: 0 }, reviewed: false },
      { agencyId: 'london-crc', agency: expect.any(String), status: 'not-returned', late: false, counts: null, reviewed: false },
    ]);
    expect(report.returns.dataSet.periods).toEqual(['2026-Q1']);
    const indicator = (id: string) => report.returns.dataSet.indicators.find((i) => i.id === id)!;
    expect(indicator('4.7')).toMatchObject({ reported: ['2026-Q1'], gaps: 0, cells: { '2026-Q1': { kind: 'value', value: 0 } } });
    // SWLSTG never returned: a gap, never 0.
    expect(indicator('3.1')).toMatchObject({ reported: [], gaps: 1, cells: { '2026-Q1': { kind: 'not-returned' } } });
    expect(report.returns.dataSet.gapAgencies).toEqual({ '2026-Q1': 1 });
    // Another year has none of it.
    expect((await get<AnnualReportView>('/views/annual-report?year=2025', await as(PEOPLE.manager))).body.returns).toEqual({ dataSet: { periods: [], indicators: [], gapAgencies: {} } });

    expect((await get<AnnualReportView>('/views/annual-report?year=2026', await as(PEOPLE.independentChair))).body.returns.section11!.agencies).toHaveLength(2);
    expect((await get<AnnualReportView>('/views/annual-report?year=2026', await as(PEOPLE.police))).status).toBe(403);
  });
});

describe("the manager's action list, a page at a time (#14)", () => {
  let local: TestQuorum;
  let manager: string;
  const COUNT = 2000;
  beforeAll(async () => {
    local = await startTestQuorum({ clock: new FixedClock('2026-10-14T10:00:00.000Z') });
    const pid = local.partnership.id;
    const seats = local.partnership.bodies.flatMap((b) => b.seats.filter((s) => s.holderId).map((s) => ({ bodyId: b.id, seatId: s.id })));
    const actions: ActionItem[] = Array.from({ length: COUNT }, (_, i) => {
      const { bodyId, seatId } = seats[i % seats.length]!;
      const leads: Lead[] = [{ kind: 'seat', seatId }];
      return {
        id: `a-${i}`,
        ref: `A-${String(i).padStart(5, '0')}`,
        partnershipId: pid,
        source: 'business-plan',
        description: `Action ${i + 1}: review the multi-agency arrangements and report back to the body with the findings.`,
        bodyId,
        leads,
        leadKeys: leads.map(leadKey),
        ...(i % 10 ? { dueDate: `2026-${String((i % 12) + 1).padStart(2, '0')}-15` } : {}),
        rag: 'green',
        status: 'open',
        progress: [{ at: '2026-01-10T09:00:00.000Z', by: 'p-mscb-manager', kind: 'created' }],
        confidential: false,
        viewers: [],
        createdBy: 'p-mscb-manager',
        createdAt: '2026-01-10T09:00:00.000Z',
        updatedAt: '2026-01-10T09:00:00.000Z',
        scheduleFrom: '2026-01-10',
      };
    });
    expect(await new CosmosActionRepo(local.store.containers.actions).createMany(actions)).toBe(COUNT);
    const res = await fetch(`${local.url}/api/tab/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ aadObjectId: aad(PEOPLE.manager) }),
    });
    manager = ((await res.json()) as { token: string }).token;
  }, 120_000);
  afterAll(() => local?.stop());

  it('answers with one small page and a next offset, and every action is reachable page by page', async () => {
    const first = await get<ActionsView>('/views/actions', manager, local.url);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: COUNT, offset: 0, pageSize: 100, nextOffset: 100 });
    expect(first.body.actions).toHaveLength(100);
    // The whole register was about 1 MB in one answer; a page is a small fraction of it.
    expect(Buffer.byteLength(first.text)).toBeLessThan(100_000);
    const seen = new Set(first.body.actions.map((a) => a.id));
    let next = first.body.nextOffset;
    let pages = 1;
    while (next !== undefined) {
      const page = await get<ActionsView>(`/views/actions?offset=${next}`, manager, local.url);
      expect(Buffer.byteLength(page.text)).toBeLessThan(100_000);
      expect(page.body.overdue).toEqual([]);
      for (const a of page.body.actions) seen.add(a.id);
      next = page.body.nextOffset;
      pages++;
    }
    expect(pages).toBe(COUNT / 100);
    expect(seen.size).toBe(COUNT);
    // Filters page too: the filtered total, and a page of it.
    const filtered = await get<ActionsView>('/views/actions?body=mscb-qa', manager, local.url);
    expect(filtered.body.actions.every((a) => a.bodyId === 'mscb-qa')).toBe(true);
    expect(filtered.body.total).toBeLessThan(COUNT);
  });
});
