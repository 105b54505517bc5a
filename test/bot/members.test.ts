import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEV_OUTSIDER } from '../../app/tab-api.js';
import { startStandInGraph, STAND_IN_USERS, type StandInGraph } from '../../infra/graph/stand-in-graph.js';
import type { MeView } from '../../services/domain/dashboard-views.js';
import type { ImportPlanView, MembersView } from '../../services/domain/membership-views.js';
import { message, post, type TeamsUser } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

/**
 * A partnership of its own, over real HTTP against the composed app on the embedded store: the
 * first run for a manager named in QUORUM_MANAGERS, the Members page's API (import, edits, export,
 * people search through the stand-in Graph), and bad imports that change nothing.
 */

const MANAGER: TeamsUser = { id: 'user-manager', aadObjectId: '00000000-0000-0000-0000-000000000101', name: 'Board Manager' };
const STRANGER: TeamsUser = { id: 'user-stranger', aadObjectId: '00000000-0000-0000-0000-0000000000aa', name: 'Someone' };
const GRAPH_TOKEN = 'stand-in-token-for-members-tests';
const GUEST = STAND_IN_USERS.find((u) => u.userType === 'Guest' && u.companyName === 'Metropolitan Police Service')!;

let graph: StandInGraph;
let q: TestQuorum;
const tokens = new Map<string, string>();
/** The local development sign-in, as the tab uses it without Teams. */
async function tokenFor(aadObjectId: string): Promise<string> {
  const known = tokens.get(aadObjectId);
  if (known) return known;
  const res = await fetch(`${q.url}/api/tab/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ aadObjectId }) });
  const { token } = (await res.json()) as { token: string };
  tokens.set(aadObjectId, token);
  return token;
}

async function api<T>(path: string, init: { method?: string; body?: BodyInit; type?: string; as?: string } = {}) {
  const token = await tokenFor(init.as ?? MANAGER.aadObjectId);
  const res = await fetch(`${q.url}/api/tab${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.type ? { 'content-type': init.type } : {}) },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T & { error?: { code: string; message: string; problems?: unknown[] } } };
}

const importFile = (bytes: Uint8Array | string, format: string, opts: { dryRun: boolean; basedOn?: string; effective?: string }) =>
  api<ImportPlanView>(`/members/import?format=${format}&dryRun=${opts.dryRun}${opts.basedOn ? `&basedOn=${opts.basedOn}` : ''}${opts.effective ? `&effective=${opts.effective}` : ''}`, {
    method: 'POST',
    body: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
    type: 'application/octet-stream',
  });

beforeAll(async () => {
  graph = await startStandInGraph({ token: GRAPH_TOKEN, users: STAND_IN_USERS });
  q = await startTestQuorum({
    partnership: null,
    env: { QUORUM_MANAGERS: MANAGER.aadObjectId, GRAPH_BASE_URL: graph.url, GRAPH_DEV_TOKEN: GRAPH_TOKEN },
  });
});

afterAll(async () => {
  await q?.stop();
  await graph?.stop();
});

describe('first run', () => {
  it('tells a named manager how to set up, and anyone else that they are unknown', async () => {
    await post(q.url, message(MANAGER, q.connector.url, 'help'));
    await post(q.url, message(STRANGER, q.connector.url, 'help'));
    const [toManager, toStranger] = q.connector.sent.slice(-2).map((s) => cardText(s.activity));
    expect(toManager).toMatch(/Welcome to Quorum/);
    expect(toManager).toMatch(/Members page/);
    expect(toStranger).toMatch(/I do not know you yet/);
  });

  it('opens the Members page in setup mode for the named manager only', async () => {
    const me = await api<MeView>('/me');
    expect(me.body).toMatchObject({ setup: true, managesMembers: true, views: [] });
    expect((await api<MembersView>('/members')).body).toMatchObject({ version: 'none', seats: [] });
    expect((await api('/members', { as: DEV_OUTSIDER.aadObjectId })).status).toBe(403);
  });

  it('imports the sample spreadsheet: a dry run first, then applied, and the manager is the manager', async () => {
    const xlsx = new Uint8Array(await readFile('partnerships/merton-2015.xlsx'));
    const dry = await importFile(xlsx, 'xlsx', { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ applied: false, problems: [], basedOn: 'none' });
    expect(dry.body.counts.add).toBeGreaterThan(100);
    // The plan's changes are data in services/; the API words them (cards/membership/plan-words.ts).
    expect(dry.body.changes[0]).toEqual({ kind: 'add', entity: 'partnership', id: 'merton-2015', label: 'Partnership Merton Safeguarding Children Board', details: [] });
    expect(dry.body.changes).toContainEqual({
      kind: 'add',
      entity: 'seat',
      id: 'mscb-board/board-independent-chair',
      label: 'Seat Independent Chair (casting vote) on Merton Safeguarding Children Board (Main Board)',
      details: ['holder: Independent Chair, MSCB'],
    });
    expect((await api<MembersView>('/members')).body.version).toBe('none');

    const applied = await importFile(xlsx, 'xlsx', { dryRun: false, basedOn: dry.body.basedOn });
    expect(applied.body.applied).toBe(true);
    const me = await api<MeView>('/me');
    expect(me.body).toMatchObject({ setup: false, managesMembers: true, partnership: 'Merton Safeguarding Children Board' });
    const view = (await api<MembersView>('/members')).body;
    expect(view.seats.length).toBeGreaterThan(100);
    expect(view.attention.some((a) => a.kind === 'never-reached')).toBe(true);

    await post(q.url, message(MANAGER, q.connector.url, 'members'));
    const card = cardText(q.connector.sent.at(-1)!.activity);
    expect(card, card).toMatch(/Membership of Merton Safeguarding Children Board[\s\S]*People never reached in Teams\s*[1-9]\d*[\s\S]*Vacant seat: Independent Sector School/);
  });

  it('exports the membership, and importing the export changes nothing', async () => {
    for (const format of ['xlsx', 'csv', 'json'] as const) {
      const token = await tokenFor(MANAGER.aadObjectId);
      const res = await fetch(`${q.url}/api/tab/members/export?format=${format}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`merton-2015-members\\.${format}`));
      const plan = await importFile(new Uint8Array(await res.arrayBuffer()), format, { dryRun: true });
      expect(plan.body.problems).toEqual([]);
      expect(plan.body.changes, `${format}: ${JSON.stringify(plan.body.changes)}`).toEqual([]);
    }
  });
});

describe('keeping the membership', () => {
  it('finds a guest in the tenant directory and gives them a seat from a date; they and the one they replace are told', async () => {
    const found = await api<{ people: { objectId: string; guest: boolean; organisation?: string }[] }>(`/people?q=${encodeURIComponent('Detective Superintendent')}`);
    expect(found.body.people).toContainEqual(expect.objectContaining({ objectId: GUEST.id, guest: true, organisation: 'Metropolitan Police Service' }));

    const view = (await api<MembersView>('/members')).body;
    const seat = view.seats.find((s) => s.id === 'board-police-commander')!;
    // What each is told is the card queued for them: the pump may finish a delivery (and drop its card) before the test reads it.
    const enqueued = vi.spyOn(q.quorum.outbox, 'enqueue');
    const edited = await api<MembersView>('/members/edit', {
      method: 'POST',
      type: 'application/json',
      body: JSON.stringify({
        edit: { kind: 'seat', bodyId: 'mscb-board', seatId: seat.id, title: seat.title, agencyId: seat.agencyId, roles: seat.roles, holder: { user: { objectId: GUEST.id, displayName: 'made up', guest: false } }, deputy: { personId: seat.deputyId } },
        effective: view.today,
        basedOn: view.version,
      }),
    });
    expect(edited.status).toBe(200);
    const row = edited.body.seats.find((s) => s.id === 'board-police-commander')!;
    const guest = edited.body.people.find((p) => p.id === row.holderId)!;
    // The tenant's directory, not the page, says who the person is.
    expect(guest).toMatchObject({ aadObjectId: GUEST.id, displayName: GUEST.displayName, guest: true, organisation: 'Metropolitan Police Service' });
    expect(row.history[0]).toMatchObject({ holderId: 'p-borough-commander' });

    const queued = enqueued.mock.calls.flatMap(([items]) => items).filter((d) => d.batchId.startsWith('membership:'));
    enqueued.mockRestore();
    const told = new Map(queued.map((d) => [d.recipientAad, JSON.stringify(d.card)]));
    expect(told.get(GUEST.id)).toMatch(/You now[\s\S]*hold the seat Borough Commander, Met Police on Merton Safeguarding Children Board/);
    expect(told.get('00000000-0000-0000-0000-000000000106')).toMatch(/You no longer[\s\S]*Borough Commander, Met Police/);
    expect(told.size).toBe(2);
    const audit = await q.quorum.store.containers.audit.items.query({ query: "SELECT * FROM c WHERE c.action = 'membership.seat'" }).fetchAll();
    expect(audit.resources).toHaveLength(1);
  });

  it('refuses an edit made against an older version with 409, and a second voting seat for one agency with the field named', async () => {
    const view = (await api<MembersView>('/members')).body;
    const cait = view.seats.find((s) => s.id === 'board-police-cait')!;
    const commander = view.seats.find((s) => s.id === 'board-police-commander')!;
    const seatEdit = (s: typeof cait, basedOn: string) =>
      api<MembersView>('/members/edit', {
        method: 'POST',
        type: 'application/json',
        body: JSON.stringify({ edit: { kind: 'seat', bodyId: 'mscb-board', seatId: s.id, title: s.title, agencyId: s.agencyId, roles: s.roles, voting: true, holder: { personId: s.holderId }, ...(s.deputyId ? { deputy: { personId: s.deputyId } } : {}) }, basedOn }),
      });
    expect((await seatEdit(commander, view.version)).status).toBe(200);
    const stale = await seatEdit(cait, view.version);
    expect(stale.status).toBe(409);
    expect(stale.body.error!.code).toBe('MEMBERSHIP.CHANGED');
    const fresh = (await api<MembersView>('/members')).body.version;
    const second = await seatEdit(cait, fresh);
    expect(second.status).toBe(400);
    expect(second.body.error!.problems).toEqual([expect.objectContaining({ field: expect.stringMatching(/\.voting$/), message: expect.stringMatching(/only one member per agency may vote \(C §4\.10\)/) })]);
    expect((await api<MembersView>('/members')).body.version).toBe(fresh);
  });
});

describe('edits are checked, and safe to repeat', () => {
  const post = (body: unknown) => api<MembersView>('/members/edit', { method: 'POST', type: 'application/json', body: JSON.stringify(body) });

  it('answers a double click with the membership as it is, saving once', async () => {
    const view = (await api<MembersView>('/members')).body;
    const seat = view.seats.find((s) => s.id === 'board-nhse')!;
    const body = {
      edit: { kind: 'seat', bodyId: 'mscb-board', seatId: seat.id, title: `${seat.title} (renamed)`, agencyId: seat.agencyId, roles: seat.roles, holder: { personId: seat.holderId }, deputy: { personId: seat.deputyId } },
      basedOn: view.version,
    };
    const [first, second] = [await post(body), await post(body)];
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.version).toBe(first.body.version);
    const audit = await q.quorum.store.containers.audit.items.query({ query: "SELECT * FROM c WHERE c.action = 'membership.seat'" }).fetchAll();
    expect(audit.resources.filter((a) => JSON.stringify(a).includes('(renamed)'))).toHaveLength(1);
  });

  it('refuses an edit of the wrong shape, naming the field, before reading anything', async () => {
    const view = (await api<MembersView>('/members')).body;
    const bad = await post({ edit: { kind: 'seat', bodyId: 'mscb-board', title: 'x', roles: ['P', 'Q'], holder: 'p-borough-commander' }, basedOn: view.version });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.code).toBe('MEMBERSHIP.INVALID');
    expect(bad.body.error!.problems).toEqual([
      { field: 'roles.1', message: 'Invalid option: expected one of "P"|"S"|"C"|"V"|"PO"|"SA"|"A"|"BS"' },
      { field: 'holder', message: 'is not one of the accepted forms' },
    ]);
    expect(bad.body.error!.message).toBe('The membership has 2 problems; each is shown by its field.');
    expect((await post({ edit: { kind: 'drop-table' }, basedOn: view.version })).status).toBe(400);
    expect((await api<MembersView>('/members')).body.version).toBe(view.version);
  });
});

describe("a body's proxy and dissent rules, set, changed and removed", () => {
  const post = (body: unknown) => api<MembersView>('/members/edit', { method: 'POST', type: 'application/json', body: JSON.stringify(body) });
  /** The body as the Members page sends it back, with `change` applied. */
  const bodyEdit = (view: MembersView, id: string, change: Record<string, unknown>) => {
    const { chairSeatId: _c, viceChairSeatId: _v, ...fields } = view.bodies.find((b) => b.id === id)!;
    return { edit: { kind: 'body', body: { ...fields, ...change } }, basedOn: view.version };
  };
  const bodyAudit = async () =>
    (await q.quorum.store.containers.audit.items.query({ query: "SELECT * FROM c WHERE c.action = 'membership.body'" }).fetchAll()).resources.length;
  const PROXIES = { chairAgreement: true, substituteRequired: false, source: 'BIG ToR: proxies with the agreement of the chair' };
  const DISSENT = { referToPersonId: 'p-lay-member-1', referToTitle: 'a lay member', grounds: 'the decision puts children at risk', source: 'Board minute 12/2026' };

  it('removes a proxy rule when the page sends it as null; a replay of the removal saves nothing more, and a stale one against another change is refused', async () => {
    const start = (await api<MembersView>('/members')).body;
    const set = await post(bodyEdit(start, 'mscb-big', { proxies: PROXIES }));
    expect(set.status).toBe(200);
    expect(set.body.bodies.find((b) => b.id === 'mscb-big')!.proxies).toEqual(PROXIES);
    // Left out, the rule is kept, as before.
    const { proxies: _p, ...withoutKey } = bodyEdit(set.body, 'mscb-big', {}).edit.body as Record<string, unknown>;
    const kept = await post({ edit: { kind: 'body', body: withoutKey }, basedOn: set.body.version });
    expect(kept.body.bodies.find((b) => b.id === 'mscb-big')!.proxies).toEqual(PROXIES);
    expect(kept.body.version).toBe(set.body.version);

    const audited = await bodyAudit();
    const removal = bodyEdit(set.body, 'mscb-big', { proxies: null });
    const [first, again] = [await post(removal), await post(removal)];
    expect(first.status).toBe(200);
    expect(first.body.bodies.find((b) => b.id === 'mscb-big')!).not.toHaveProperty('proxies');
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(first.body.version);
    expect(await bodyAudit()).toBe(audited + 1);
    const stored = await q.quorum.store.containers.directory.items.query({ query: 'SELECT * FROM c' }).fetchAll();
    expect(JSON.stringify(stored.resources)).not.toContain(PROXIES.source);

    // Setting it again from the version before the removal is refused: the page had not seen it.
    const stale = await post(bodyEdit(set.body, 'mscb-big', { proxies: { ...PROXIES, substituteRequired: true } }));
    expect(stale.status).toBe(409);
    expect(stale.body.error!.code).toBe('MEMBERSHIP.CHANGED');
  });

  it('sets, changes and removes the dissent route of a decision rule, with each field checked', async () => {
    const start = (await api<MembersView>('/members')).body;
    const decision = start.bodies.find((b) => b.id === 'mscb-board')!.decision!;
    expect(decision.dissent).toBeUndefined();

    const unknown = await post(bodyEdit(start, 'mscb-board', { decision: { ...decision, dissent: { ...DISSENT, referToPersonId: 'p-nobody' } } }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error!.problems).toEqual([expect.objectContaining({ field: expect.stringMatching(/decision\.dissent\.referToPersonId$/), message: expect.stringContaining('unknown person "p-nobody"') })]);
    const empty = await post(bodyEdit(start, 'mscb-board', { decision: { ...decision, dissent: { ...DISSENT, grounds: ' ' } } }));
    expect(empty.status).toBe(400);
    expect(empty.body.error!.problems).toEqual([expect.objectContaining({ field: expect.stringMatching(/decision\.dissent\.grounds$/) })]);

    const set = await post(bodyEdit(start, 'mscb-board', { decision: { ...decision, dissent: DISSENT } }));
    expect(set.status).toBe(200);
    expect(set.body.bodies.find((b) => b.id === 'mscb-board')!.decision!.dissent).toEqual(DISSENT);
    const changedTo = { ...DISSENT, referToPersonId: 'p-independent-chair', referToTitle: 'the independent chair' };
    const changed = await post(bodyEdit(set.body, 'mscb-board', { decision: { ...decision, dissent: changedTo } }));
    expect(changed.body.bodies.find((b) => b.id === 'mscb-board')!.decision!.dissent).toEqual(changedTo);

    const removal = bodyEdit(changed.body, 'mscb-board', { decision });
    const [first, again] = [await post(removal), await post(removal)];
    expect(first.status).toBe(200);
    expect(first.body.bodies.find((b) => b.id === 'mscb-board')!.decision).toEqual(decision);
    expect(again.body.version).toBe(first.body.version);
    // The decision rule stays; the threshold and casting vote are as they were.
    expect(first.body.bodies.find((b) => b.id === 'mscb-board')!.decision!.castingVote).toEqual(decision.castingVote);
  });
});

describe('bad imports change nothing', () => {
  const csvSample = () => readFile('partnerships/merton-2015.csv', 'utf8');
  const replaceLine = (text: string, find: RegExp, change: (line: string) => string) => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => find.test(l));
    expect(at).toBeGreaterThan(0);
    lines[at] = change(lines[at]!);
    return { text: lines.join('\n'), line: at + 1 };
  };

  async function formulaWorkbook(): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile('partnerships/merton-2015.xlsx')).buffer as ArrayBuffer);
    wb.getWorksheet('People')!.getCell('B3').value = { formula: 'HYPERLINK("https://evil.example","x")' } as ExcelJS.CellFormulaValue;
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  const cases: { name: string; file: () => Promise<{ bytes: string | Uint8Array; format: string; line?: number }>; sheet: string; column?: string; message: RegExp }[] = [
    {
      name: 'a missing column',
      file: async () => ({ bytes: (await csvSample()).replace('Body,Seat id,Title,Agency,Roles,Office,Voting,Holder,Deputy', 'Body,Seat id,Agency,Roles,Office,Voting,Holder,Deputy'), format: 'csv' }),
      sheet: 'Seats',
      message: /Title/,
    },
    {
      name: 'an unknown agency',
      file: async () => {
        const { text, line } = replaceLine(await csvSample(), /^mscb-board,board-nhse,/, (l) => l.replace(',nhs-england-london,', ',nhs-wales,'));
        return { bytes: text, format: 'csv', line };
      },
      sheet: 'Seats',
      column: 'Agency',
      message: /nhs-wales/,
    },
    {
      name: 'two voting seats for one agency',
      file: async () => {
        let text = replaceLine(await csvSample(), /^mscb-board,board-police-commander,/, (l) => l.replace(',P V,,,', ',P V,,yes,')).text;
        const second = replaceLine(text, /^mscb-board,board-police-cait,/, (l) => l.replace(',P V,,,', ',P V,,yes,'));
        text = second.text;
        return { bytes: text, format: 'csv', line: second.line };
      },
      sheet: 'Seats',
      column: 'Voting',
      message: /only one member per agency may vote/,
    },
    {
      name: 'an unknown role code',
      file: async () => {
        const { text, line } = replaceLine(await csvSample(), /^mscb-board,board-nhse,/, (l) => l.replace(',P V,', ',P Q,'));
        return { bytes: text, format: 'csv', line };
      },
      sheet: 'Seats',
      column: 'Roles',
      message: /"Q"/,
    },
    {
      name: 'a bad email',
      file: async () => {
        const { text, line } = replaceLine(await csvSample(), /^p-independent-chair,/, (l) => l.replace(',,00000000', ',chair@,00000000'));
        return { bytes: text, format: 'csv', line };
      },
      sheet: 'People',
      column: 'Email',
      message: /chair@/,
    },
    {
      name: 'a 10,000-row file',
      file: async () => {
        const rows = Array.from({ length: 10_000 }, (_, i) => `mscb-board,extra-${i},Extra seat ${i},met-police,P,,,,`).join('\n');
        return { bytes: `${(await csvSample()).trimEnd()}\n${rows}\n`, format: 'csv' };
      },
      sheet: 'Seats',
      message: /5,?000/,
    },
    { name: 'a formula cell', file: async () => ({ bytes: await formulaWorkbook(), format: 'xlsx' }), sheet: 'People', column: 'Name', message: /formula/ },
    { name: 'a file that is not a spreadsheet', file: async () => ({ bytes: new Uint8Array(4096).map((_, i) => (i * 7919) % 251), format: 'xlsx' }), sheet: 'File', message: /not an? .*(spreadsheet|workbook|XLSX)/i },
  ];

  it.each(cases)('$name: a clear message naming the row and column, and nothing stored changes', async ({ file, sheet, column, message: pattern }) => {
    const before = (await api<MembersView>('/members')).body;
    const { bytes, format, line } = await file();
    const dry = await importFile(bytes, format, { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.applied).toBe(false);
    const problem = dry.body.problems.find((p) => pattern.test(p.message));
    expect(problem, JSON.stringify(dry.body.problems.slice(0, 5))).toBeDefined();
    expect(problem!.field).toBe(sheet);
    if (column) expect(problem!.column).toBe(column);
    if (line) expect(problem!.row).toBe(line);
    expect(dry.text.length).toBeLessThan(64 * 1024);
    const forced = await importFile(bytes, format, { dryRun: false, basedOn: before.version });
    expect(forced.body.applied).toBe(false);
    expect((await api<MembersView>('/members')).body.version).toBe(before.version);
  });

  it('refuses a file over the size bound with a small JSON refusal', async () => {
    const res = await importFile(new Uint8Array(7 * 1024 * 1024), 'xlsx', { dryRun: true });
    expect(res.status).toBe(413);
    expect(res.body.error!.code).toBe('REQUEST.TOO_LARGE');
    expect(res.body.error!.message).toMatch(/at most 5 MB/);
  });
});
