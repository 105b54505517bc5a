import { NEW_PARTNERSHIP_WORDS } from '../../../cards/membership/present.js';
import { wordProblems } from '../../../cards/membership/problems.js';
import { describe, expect, it } from 'vitest';
import { readPartnershipFile } from '../../../infra/partnership-file.js';
import { DirectoryService } from '../../../services/directory.service.js';
import { Directory, type Partnership } from '../../../services/domain/directory.js';
import { DomainError } from '../../../services/domain/errors.js';
import type { MembershipProblem } from '../../../services/domain/membership-problems.js';
import type { FieldProblem, MembershipEdit } from '../../../services/domain/membership-views.js';
import { membershipUseCases, type MembershipCaller } from '../../../services/membership/index.js';
import type { MembershipFiles } from '../../../services/ports/membership.js';
import type { NewDelivery } from '../../../services/ports/outbox.js';
import type { DirectoryUser, PeopleDirectory } from '../../../services/ports/people-directory.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { MemoryConversationRefRepo } from '../../support/memory-outbox.js';
import { MemoryAuditLog, MemoryDirectoryRepo } from '../../support/memory-repos.js';

const MANAGER_AAD = '00000000-0000-0000-0000-000000000101';
const GUEST: DirectoryUser = { objectId: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'Detective Superintendent, Public Protection', email: 'dsupt@met.police.example', guest: true, organisation: 'Metropolitan Police' };

const jsonFiles: MembershipFiles = {
  async read(_format, bytes) {
    return { partnership: JSON.parse(new TextDecoder().decode(bytes)) as Partnership, problems: [] };
  },
  async write(_format, p) {
    return { bytes: new TextEncoder().encode(JSON.stringify(p)), contentType: 'application/json', filename: 'x.json' };
  },
};

const people: PeopleDirectory = {
  search: async (q) => ([GUEST].filter((u) => u.displayName.toLowerCase().includes(q.toLowerCase()))),
  byEmail: async (email) => (email === GUEST.email ? GUEST : undefined),
  byId: async (id) => (id === GUEST.objectId ? GUEST : undefined),
};

function setup(clock = new FixedClock('2027-05-10T09:00:00.000Z')) {
  const repo = new MemoryDirectoryRepo();
  const audit = new MemoryAuditLog();
  const directory = new DirectoryService({ repo, audit, clock });
  const sent: NewDelivery[] = [];
  const service = membershipUseCases({
    repo,
    directory,
    people,
    files: jsonFiles,
    conversations: new MemoryConversationRefRepo(),
    outbox: { enqueue: async (items) => (sent.push(...items), { created: items.length }), progress: async () => { throw new Error('unused'); } },
    cards: { seatsChanged: (notice) => ({ notice }), newPartnership: NEW_PARTNERSHIP_WORDS },
    audit,
    clock,
    log: { info() {}, warn() {}, error() {}, debug() {} } as never,
    setupManagers: [MANAGER_AAD],
  });
  return { repo, audit, directory, service, sent, clock };
}

async function managerOf(s: ReturnType<typeof setup>): Promise<MembershipCaller> {
  return (await s.service.caller(MANAGER_AAD))!;
}

async function problemsOf(p: Promise<unknown>): Promise<FieldProblem[]> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe('MEMBERSHIP.INVALID');
  return wordProblems((err as DomainError).details!.problems as MembershipProblem[]);
}

describe('first run: a partnership of its own', () => {
  it('lets a manager named in QUORUM_MANAGERS set up a partnership, and nobody else', async () => {
    const s = setup();
    expect(await s.service.caller('00000000-0000-0000-0000-0000000000ff')).toBeUndefined();
    const caller = await managerOf(s);
    expect('setup' in caller).toBe(true);
    const view = await s.service.edit(caller, { edit: { kind: 'setup', name: 'Merton Safeguarding Children Partnership' }, basedOn: 'none' });
    expect(view.partnership?.name).toBe('Merton Safeguarding Children Partnership');
    const board = (await s.repo.getVersioned(view.partnership!.id))!.partnership.bodies[0]!;
    expect(board.quorum).toMatchObject({ description: 'No quorum rule set yet.', source: 'Set on the Members page' });
    expect(board.cadence.description).toBe('Four meetings a year until set.');
    const actor = await s.directory.findActor(MANAGER_AAD);
    expect(actor?.isManager).toBe(true);
    expect(await s.service.isSetup(MANAGER_AAD)).toBe(false);
    await expect(s.service.edit({ setup: { aadObjectId: MANAGER_AAD, name: 'x' } }, { edit: { kind: 'setup', name: 'Again' }, basedOn: view.version })).rejects.toThrow(/set up/);
  });

  it('imports the whole sample into an empty store, and exporting then importing it changes nothing', async () => {
    const s = setup();
    const sample = await readPartnershipFile('partnerships/merton-2015.json');
    const bytes = new TextEncoder().encode(JSON.stringify(sample));
    const dry = await s.service.importFile(await managerOf(s), { format: 'json', bytes, dryRun: true });
    expect(dry.applied).toBe(false);
    expect(dry.problems).toEqual([]);
    expect(dry.counts.add).toBeGreaterThan(100);
    expect(await s.repo.list()).toEqual([]);
    const applied = await s.service.importFile(await managerOf(s), { format: 'json', bytes, dryRun: false, basedOn: dry.basedOn });
    expect(applied.applied).toBe(true);
    const caller = await managerOf(s);
    expect('actor' in caller).toBe(true);

    const exported = await s.service.exportFile(caller, 'json');
    const again = await s.service.importFile(caller, { format: 'json', bytes: exported.bytes, dryRun: true });
    expect(again.changes).toEqual([]);
  });
});

describe('keeping the membership over time', () => {
  async function merton() {
    const s = setup();
    await s.repo.save(await readPartnershipFile('partnerships/merton-2015.json'));
    // Each request finds its caller anew, with the directory this instance holds then.
    return { ...s, get caller() { return managerOf(s); } };
  }
  const seatEdit = (p: Partnership, seatId: string, change: Partial<Extract<MembershipEdit, { kind: 'seat' }>>): MembershipEdit => {
    const body = p.bodies.find((b) => b.seats.some((x) => x.id === seatId))!;
    const seat = body.seats.find((x) => x.id === seatId)!;
    return {
      kind: 'seat',
      bodyId: body.id,
      seatId,
      title: seat.title,
      roles: seat.roles,
      ...(seat.agencyId ? { agencyId: seat.agencyId } : {}),
      ...(seat.office ? { office: seat.office } : {}),
      ...(seat.holderId ? { holder: { personId: seat.holderId } } : {}),
      ...(seat.deputyId ? { deputy: { personId: seat.deputyId } } : {}),
      ...change,
    };
  };

  it('gives a seat a new holder from a date, keeps who held it before, and tells both', async () => {
    const s = await merton();
    const before = await s.service.view(await s.caller);
    const stored = (await s.repo.get('merton-2015'))!;
    const view = await s.service.edit(await s.caller, { edit: seatEdit(stored, 'board-police-commander', { holder: { user: GUEST } }), effective: '2027-06-01', basedOn: before.version });

    const row = view.seats.find((r) => r.id === 'board-police-commander')!;
    expect(row.holderId).toBe('p-borough-commander');
    expect(row.next).toMatchObject({ from: '2027-06-01' });
    const guest = view.people.find((p) => p.aadObjectId === GUEST.objectId)!;
    expect(guest).toMatchObject({ guest: true, organisation: 'Metropolitan Police' });

    const p = (await s.repo.get('merton-2015'))!;
    expect(new Directory(p, '2027-05-31').seatOn('mscb-board', 'board-police-commander', '2027-05-31')?.holderId).toBe('p-borough-commander');
    expect(new Directory(p, '2027-06-01').body('mscb-board')!.seats.find((x) => x.id === 'board-police-commander')!.holderId).toBe(guest.id);

    s.clock.set('2027-06-02T09:00:00.000Z');
    const later = await s.service.view(await s.caller);
    const now = later.seats.find((r) => r.id === 'board-police-commander')!;
    expect(now).toMatchObject({ holderId: guest.id, since: '2027-06-01' });
    expect(now.history).toEqual([{ from: '0001-01-01', to: '2027-05-31', holderId: 'p-borough-commander', deputyId: 'p-borough-commander-deputy', agencyId: 'met-police' }]);

    const told = s.sent.map((d) => d.recipientAad);
    expect(told).toContain(GUEST.objectId);
    expect(told).toContain(p.people.find((x) => x.id === 'p-borough-commander')!.aadObjectId);
    expect(s.audit.entries.at(-1)).toMatchObject({ action: 'membership.seat', actor: 'p-mscb-manager' });
  });

  it('refuses a change made against an older version, and two voting seats for one agency, naming the field', async () => {
    const s = await merton();
    const v = (await s.service.view(await s.caller)).version;
    const stored = (await s.repo.get('merton-2015'))!;
    await s.service.edit(await s.caller, { edit: seatEdit(stored, 'board-police-commander', { voting: true }), basedOn: v });
    await expect(s.service.edit(await s.caller, { edit: seatEdit(stored, 'board-police-cait', { voting: true }), basedOn: v })).rejects.toMatchObject({ code: 'MEMBERSHIP.CHANGED' });
    const fresh = (await s.service.view(await s.caller)).version;
    const problems = await problemsOf(s.service.edit(await s.caller, { edit: seatEdit(stored, 'board-police-cait', { voting: true }), basedOn: fresh }));
    expect(problems).toEqual([expect.objectContaining({ field: expect.stringMatching(/seats\[\d+\]\.voting$/), message: expect.stringMatching(/only one member per agency may vote/) })]);
  });

  it('ends a seat from a date and keeps it for the records of the days before', async () => {
    const s = await merton();
    const v = (await s.service.view(await s.caller)).version;
    await s.service.edit(await s.caller, { edit: { kind: 'end-seat', bodyId: 'mscb-board', seatId: 'board-police-cait' }, effective: '2027-05-01', basedOn: v });
    const d = await s.directory.directory('merton-2015');
    expect(d.body('mscb-board')!.seats.some((x) => x.id === 'board-police-cait')).toBe(false);
    expect(d.seatOn('mscb-board', 'board-police-cait', '2027-04-30')?.holderId).toBeDefined();
  });

  it('will not let the manager hand away every manager seat of their own', async () => {
    const s = await merton();
    const p = (await s.repo.get('merton-2015'))!;
    const handedOver = { ...p, bodies: p.bodies.map((b) => ({ ...b, seats: b.seats.map((x) => (x.office === 'manager' ? { ...x, holderId: 'p-independent-chair' } : x)) })) };
    const plan = await s.service.importFile(await s.caller, { format: 'json', bytes: new TextEncoder().encode(JSON.stringify(handedOver)), dryRun: true });
    expect(wordProblems(plan.problems).map((x) => x.message)).toEqual([expect.stringMatching(/no longer hold a board manager seat/)]);
    const v = (await s.service.view(await s.caller)).version;
    await expect(s.service.importFile(await s.caller, { format: 'json', bytes: new TextEncoder().encode(JSON.stringify(handedOver)), dryRun: false, basedOn: v })).resolves.toMatchObject({ applied: false });
    expect((await s.repo.get('merton-2015'))!.bodies.flatMap((b) => b.seats).filter((x) => x.office === 'manager').every((x) => x.holderId === 'p-mscb-manager')).toBe(true);
  });

  it('lets only the manager keep the membership', async () => {
    const s = await merton();
    const chair = await s.service.caller('00000000-0000-0000-0000-000000000102');
    await expect(s.service.view(chair!)).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });
});
