import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { actionPresenter } from '../../cards/action/present.js';
import { CosmosActionRepo, CosmosPolicyRepo } from '../../infra/cosmos/actions.cosmos-repo.js';
import { ActionsPersonalData } from '../../infra/cosmos/personal-data.cosmos.js';
import { CosmosAuditLog } from '../../infra/cosmos/audit.cosmos-repo.js';
import { CosmosConversationRefRepo } from '../../infra/cosmos/conversations.cosmos-repo.js';
import { CosmosDirectoryRepo } from '../../infra/cosmos/directory.cosmos-repo.js';
import { CosmosOutboxRepo } from '../../infra/cosmos/outbox.cosmos-repo.js';
import type { CosmosStore } from '../../infra/cosmos/store.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { CosmosLeaseCoordinator } from '../../infra/scheduler/cosmos-lease.js';
import { actionUseCases, cadenceMeetings } from '../../services/action/index.js';
import { DirectoryService } from '../../services/directory/index.js';
import { leadKey, type ActionItem } from '../../services/domain/action.js';
import { atLondonTime } from '../../services/domain/calendar.js';
import type { PolicyDocument } from '../../services/domain/policy-document.js';
import { OutboxService } from '../../services/outbox/index.js';
import { FixedClock } from '../support/fixed-clock.js';
import { openTestStore, silentLog } from '../support/harness.js';
import { RecordingNotifier } from '../support/memory-outbox.js';

let store: CosmosStore;
let actions: CosmosActionRepo;
let policies: CosmosPolicyRepo;

afterAll(() => store?.dispose());
beforeEach(async () => {
  store?.dispose();
  store = await openTestStore();
  actions = new CosmosActionRepo(store.containers.actions);
  policies = new CosmosPolicyRepo(store.containers.actions);
});

const P = 'merton-2015';

function anAction(over: Partial<ActionItem> = {}): ActionItem {
  const id = over.id ?? randomUUID();
  const leads = over.leads ?? [{ kind: 'seat' as const, seatId: 'qa-psw' }];
  return {
    id,
    ref: `A-${id.slice(0, 6).toUpperCase()}`,
    partnershipId: P,
    source: 'meeting',
    description: 'Re-audit neglect cases',
    bodyId: 'mscb-qa',
    leads,
    leadKeys: leads.map(leadKey),
    dueDate: '2026-12-04',
    rag: 'green',
    status: 'open',
    progress: [{ at: '2026-11-24T10:00:00.000Z', by: 'p-mscb-manager', kind: 'created' }],
    confidential: false,
    viewers: [],
    createdBy: 'p-mscb-manager',
    createdAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:00:00.000Z',
    scheduleFrom: '2026-11-24',
    nextChaseOn: '2026-11-27',
    ...over,
  };
}

function aPolicy(over: Partial<PolicyDocument> = {}): PolicyDocument {
  return {
    id: randomUUID(),
    ref: 'P-1',
    partnershipId: P,
    title: 'Neglect strategy',
    version: 'V1',
    owner: { kind: 'role', office: 'chair', bodyId: 'mscb-policy' },
    approvingBodyId: 'mscb-policy',
    approvalDate: '2024-03-31',
    reviewDate: '2027-03-31',
    documentManager: { kind: 'role', office: 'manager', bodyId: 'mscb-board' },
    status: 'current',
    history: [],
    createdBy: 'p-mscb-manager',
    createdAt: '2026-11-24T10:00:00.000Z',
    scheduleFrom: '2026-11-24',
    nextChaseOn: '2026-12-31',
    ...over,
  };
}

describe('CosmosActionRepo', () => {
  it('creates once, reads by id and ref, and replaces only with the current ETag', async () => {
    const a = anAction();
    expect(await actions.create(a)).toBe(true);
    expect(await actions.create(a)).toBe(false);
    const stored = (await actions.get(P, a.id))!;
    expect(stored).toMatchObject({ id: a.id, ref: a.ref, nextChaseOn: '2026-11-27' });
    expect(stored.etag).toBeTruthy();
    expect((await actions.getByRef(P, a.ref.toLowerCase()))?.id).toBe(a.id);
    expect(await actions.get('lewisham-2019', a.id)).toBeUndefined();
    expect(await actions.get(P, 'nope')).toBeUndefined();

    const updated = await actions.replaceIfUnchanged({ ...stored, rag: 'amber' });
    expect(updated?.rag).toBe('amber');
    expect(await actions.replaceIfUnchanged({ ...stored, rag: 'red' })).toBeUndefined();
    expect((await actions.findByRefs(P, [a.ref.toLowerCase(), 'other'])).map((x) => x.id)).toEqual([a.id]);
    expect((await actions.getByRef(P, a.ref))?.id).toBe(a.id);
  });

  it('reads for the chase only open actions whose nextChaseOn has come', async () => {
    const due = anAction({ nextChaseOn: '2026-11-27' });
    const earlier = anAction({ nextChaseOn: '2026-11-20' });
    const later = anAction({ nextChaseOn: '2026-12-04' });
    const done = anAction({ status: 'complete', rag: 'complete', nextChaseOn: undefined, completedAt: '2026-11-25T10:00:00.000Z' });
    const ongoing = anAction({ dueDate: undefined, nextChaseOn: undefined });
    const elsewhere = anAction({ partnershipId: 'lewisham-2019', nextChaseOn: '2026-11-27' });
    expect(await actions.createMany([due, earlier, later, done, ongoing, elsewhere])).toBe(6);
    expect(await actions.createMany([due])).toBe(0);
    expect((await actions.chaseDue(P, '2026-11-27')).map((a) => a.id).sort()).toEqual([due.id, earlier.id].sort());
    expect(await actions.chaseDue(P, '2026-11-19')).toEqual([]);
  });

  it("lists a person's open actions by lead key and a body's open and recently completed ones", async () => {
    const seat = anAction({ leads: [{ kind: 'seat', seatId: 'qa-psw' }] });
    const agency = anAction({ leads: [{ kind: 'agency', agencyId: 'met-police' }, { kind: 'seat', seatId: 'qa-chair' }] });
    const policy = anAction({ bodyId: 'mscb-policy' });
    const oldDone = anAction({ status: 'complete', rag: 'complete', completedAt: '2026-10-01T10:00:00.000Z', nextChaseOn: undefined });
    const newDone = anAction({ status: 'complete', rag: 'complete', completedAt: '2026-11-23T10:00:00.000Z', nextChaseOn: undefined });
    await actions.createMany([seat, agency, policy, oldDone, newDone]);
    expect((await actions.listOpenForLeadKeys(P, ['agency:met-police', 'seat:nobody'])).map((a) => a.id)).toEqual([agency.id]);
    expect((await actions.listOpenForLeadKeys(P, ['seat:qa-psw'])).map((a) => a.id).sort()).toEqual([seat.id, policy.id].sort());
    expect(await actions.listOpenForLeadKeys(P, [])).toEqual([]);
    expect((await actions.listForBody(P, 'mscb-qa')).map((a) => a.id).sort()).toEqual([seat.id, agency.id].sort());
    expect((await actions.listForBody(P, 'mscb-qa', '2026-11-16T00:00:00.000Z')).map((a) => a.id).sort()).toEqual([seat.id, agency.id, newDone.id].sort());
  });
});

describe('CosmosPolicyRepo', () => {
  it('keeps policies beside actions without mixing them up', async () => {
    const soon = aPolicy({ reviewDate: '2027-01-31', nextChaseOn: '2026-10-29' });
    const later = aPolicy({ title: 'Later', reviewDate: '2028-01-31', nextChaseOn: '2027-10-29' });
    const archived = aPolicy({ title: 'Old', status: 'archived', nextChaseOn: undefined });
    expect(await policies.createMany([later, soon, archived])).toBe(3);
    await actions.create(anAction({ id: 'action-1' }));
    expect((await policies.listCurrent(P)).map((p) => p.title)).toEqual(['Neglect strategy', 'Later']);
    expect((await policies.listCurrent(P, '2027-02-28')).map((p) => p.id)).toEqual([soon.id]);
    expect((await policies.chaseDue(P, '2026-11-24')).map((p) => p.id)).toEqual([soon.id]);
    expect(await policies.get(P, 'action-1')).toBeUndefined();
    expect(await actions.get(P, soon.id)).toBeUndefined();
    const stored = (await policies.get(P, soon.id))!;
    expect((await policies.replaceIfUnchanged({ ...stored, version: 'V2' }))?.version).toBe('V2');
    expect(await policies.replaceIfUnchanged({ ...stored, version: 'V3' })).toBeUndefined();
  });
});

describe('ActionsPersonalData', () => {
  it('exports and pseudonymises what the registers keep about a person, once', async () => {
    const person = { id: 'p-psw', aadObjectId: '00000000-0000-0000-0000-000000000148', displayName: 'Principal Social Worker, CSF' };
    const theirs = anAction({
      confidential: true,
      viewers: ['p-mscb-manager', 'p-psw'],
      progress: [
        { at: '2026-11-24T10:00:00.000Z', by: 'p-mscb-manager', kind: 'created' },
        { at: '2026-11-25T10:00:00.000Z', by: 'p-psw', kind: 'progress', note: 'Audit tool agreed' },
      ],
    });
    const other = anAction();
    await actions.createMany([theirs, other]);
    await policies.createMany([aPolicy({ history: [{ at: '2026-11-24T10:00:00.000Z', by: 'p-psw', kind: 'reviewed' }] })]);
    const pd = new ActionsPersonalData(store.containers.actions);
    const exported = (await pd.export(P, person)) as { kind: string; id: string }[];
    expect(exported.map((e) => e.kind).sort()).toEqual(['action', 'policy']);
    expect(await pd.erase(P, person, () => 'former holder of "Principal Social Worker"')).toBe(2);
    const after = (await actions.get(P, theirs.id))!;
    expect(after.progress[1]).toMatchObject({ by: 'former holder of "Principal Social Worker"', note: 'Audit tool agreed' });
    expect(after.viewers).toEqual(['p-mscb-manager', 'former holder of "Principal Social Worker"']);
    expect(await pd.erase(P, person, () => 'x')).toBe(0);
    expect(await pd.export(P, person)).toEqual([]);
  });
});

describe('the chase across instances, over one Cosmos store', () => {
  async function instances(n: number) {
    const partnership = await readPartnershipFile('partnerships/merton-2015.json');
    const clock = new FixedClock(atLondonTime('2026-11-27', 9));
    const audit = new CosmosAuditLog(store.containers.audit);
    const conversations = new CosmosConversationRefRepo(store.containers.conversations);
    const outboxRepo = new CosmosOutboxRepo(store.containers.outbox);
    const notifier = new RecordingNotifier();
    const seed = new DirectoryService({ repo: new CosmosDirectoryRepo(store.containers.directory), audit, clock });
    await seed.save(partnership, 'test');
    for (const p of partnership.people) {
      await conversations.save({ partnershipId: P, aadObjectId: p.aadObjectId, reference: { conversation: { id: `conv-${p.id}` } }, updatedAt: '2026-11-01T00:00:00.000Z' });
    }
    return Array.from({ length: n }, (_, i) => {
      const instanceId = `instance-${i}`;
      const outbox = new OutboxService({ repo: outboxRepo, conversations, notifier, clock, log: silentLog, limiter: { acquire: async () => {} }, instanceId });
      const service = actionUseCases({
        repo: new CosmosActionRepo(store.containers.actions),
        // Each instance loads the directory itself, as separate processes would.
        directory: new DirectoryService({ repo: new CosmosDirectoryRepo(store.containers.directory), audit, clock }),
        outbox,
        cards: actionPresenter,
        meetings: cadenceMeetings,
        audit,
        clock,
        log: silentLog,
        newId: randomUUID,
        reminderHour: 9,
      });
      return { instanceId, outbox, service, notifier, coordinator: new CosmosLeaseCoordinator(store.containers.leases, instanceId) };
    });
  }

  it('two service instances chasing at once over the same outbox send each reminder once', async () => {
    const [one, two] = await instances(2);
    const created = [
      anAction({ leads: [{ kind: 'seat', seatId: 'qa-psw' }] }),
      anAction({ leads: [{ kind: 'agency', agencyId: 'met-police' }] }),
      anAction({ nextChaseOn: '2026-12-04' }),
    ];
    await actions.createMany(created);
    const now = atLondonTime('2026-11-27', 9);
    const reports = await Promise.all([one!.service.chaseDue(now), two!.service.chaseDue(now), one!.service.chaseDue(now)]);
    expect(reports.reduce((sum, r) => sum + r.queued, 0)).toBe(3);
    await Promise.all([one!.outbox.drain(), two!.outbox.drain()]);
    const sent = one!.notifier.sent;
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((s) => s.aadObjectId)).size).toBe(3);
    expect((await actions.get(P, created[0]!.id))!.nextChaseOn).toBe('2026-12-04');
    // A later run the same day finds nothing to read.
    expect((await two!.service.chaseDue(now)).candidates).toBe(0);
  });

  it('two schedulers take one lease per fire, so only one runs the sweep', async () => {
    const all = await instances(2);
    await actions.create(anAction());
    const now = atLondonTime('2026-11-27', 9);
    const key = `actions.chase:${now.toISOString()}`;
    const runs = await Promise.all(all.map(async (x) => ((await x.coordinator.shouldRun(key, 60_000)) ? x.service.chaseDue(now) : undefined)));
    expect(runs.filter(Boolean)).toHaveLength(1);
    await Promise.all(all.map((x) => x.outbox.drain()));
    expect(all[0]!.notifier.sent).toHaveLength(1);
  });
});
