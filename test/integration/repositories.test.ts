import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CosmosCarryForwardRepo } from '../../infra/cosmos/carry-forward.cosmos-repo.js';
import { CosmosConsultationRepo } from '../../infra/cosmos/consultations.cosmos-repo.js';
import { CosmosConversationRefRepo } from '../../infra/cosmos/conversations.cosmos-repo.js';
import { CosmosDirectoryRepo } from '../../infra/cosmos/directory.cosmos-repo.js';
import type { CosmosStore } from '../../infra/cosmos/store.js';
import type { Consultation } from '../../services/domain/consultation.js';
import { CosmosLeaseCoordinator } from '../../infra/scheduler/cosmos-lease.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { openTestStore } from '../support/harness.js';

let store: CosmosStore;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.dispose());

describe('Cosmos repositories', () => {
  it('stores and lists partnership directories, each in its own partition', async () => {
    const repo = new CosmosDirectoryRepo(store.containers.directory);
    const merton = await readPartnershipFile('partnerships/merton-2015.json');
    const lewisham = await readPartnershipFile('partnerships/lewisham-2019.json');
    await repo.save(merton, 'test');
    await repo.save(lewisham, 'test');
    await repo.save(merton, 'test');
    expect((await repo.list()).map((p) => p.id).sort()).toEqual([lewisham.id, merton.id].sort());
    expect(await repo.get(merton.id)).toEqual(merton);
    expect(await repo.get('nowhere')).toBeUndefined();
  });

  it('keeps one conversation reference per user and partnership, case-insensitively', async () => {
    const repo = new CosmosConversationRefRepo(store.containers.conversations);
    const at = '2026-11-24T10:00:00.000Z';
    await repo.save({ partnershipId: 'p1', aadObjectId: 'ABC', reference: { conversation: { id: 'c1' } }, updatedAt: at });
    await repo.save({ partnershipId: 'p1', aadObjectId: 'abc', reference: { conversation: { id: 'c2' } }, updatedAt: at });
    await repo.save({ partnershipId: 'p2', aadObjectId: 'abc', reference: { conversation: { id: 'c3' } }, updatedAt: at });
    expect(await repo.list('p1')).toHaveLength(1);
    expect((await repo.get('p1', 'Abc'))?.reference).toEqual({ conversation: { id: 'c2' } });
    await repo.markUnreachable('p1', 'abc', 'blocked');
    expect((await repo.get('p1', 'abc'))?.unreachable).toBe('blocked');
    await repo.save({ partnershipId: 'p1', aadObjectId: 'abc', reference: { conversation: { id: 'c4' } }, updatedAt: at });
    expect((await repo.get('p1', 'abc'))?.unreachable).toBeUndefined();
  });

  it('lets exactly one of several instances take a scheduled fire', async () => {
    const instances = [1, 2, 3, 4].map((i) => new CosmosLeaseCoordinator(store.containers.leases, `instance-${i}`));
    const key = 'consultations.remind:2026-11-24T09:00:00.000Z';
    const results = await Promise.all(instances.map((c) => c.shouldRun(key, 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await instances[0]!.shouldRun('consultations.remind:2026-11-24T10:00:00.000Z', 60_000)).toBe(true);
  });

  it("never returns one partnership's consultations, answers or carried items to another", async () => {
    const repo = new CosmosConsultationRepo(store.containers.consultations, 0);
    const carry = new CosmosCarryForwardRepo(store.containers.meetings);
    for (const partnershipId of ['p-a', 'p-b']) {
      await repo.create({
        id: `c-${partnershipId}`, ref: 'C-SAME01', partnershipId, kind: 'consultation', title: 't', ask: 'a', bodyId: 'board',
        deadline: '2026-12-04T17:00:00.000Z', signOffRequired: false, extraAgencyIds: [], reminderWorkingDays: [3, 1],
        createdBy: 'x', createdAt: '2026-11-24T10:00:00.000Z', status: 'open',
      });
      await repo.createAnswers([{ id: `c-shared:police-${partnershipId}`, partnershipId, consultationId: 'c-shared', agencyId: 'police', required: true, votes: false, choice: 'none', conflicts: [], history: [], comments: [] }]);
      await carry.add({ id: `nr-${partnershipId}`, partnershipId, bodyId: 'board', kind: 'consultation-non-response', consultationId: 'c-shared', title: 't', agencyIds: ['police'], createdAt: '2026-11-24T10:00:00.000Z' });
    }
    expect((await repo.getByRef('p-a', 'C-SAME01'))?.partnershipId).toBe('p-a');
    expect((await repo.listForBodies('p-a', ['board'], ['open'])).map((c) => c.partnershipId)).toEqual(['p-a']);
    expect((await repo.listAnswers('p-b', 'c-shared')).map((a) => a.partnershipId)).toEqual(['p-b']);
    expect((await carry.listOpen('p-a', 'board')).map((c) => c.partnershipId)).toEqual(['p-a']);
  });

  it('reads only the latest consultation for `status`: one document back, newest by creation, of the asked bodies, states and partnership', async () => {
    const repo = new CosmosConsultationRepo(store.containers.consultations, 0);
    const make = (id: string, partnershipId: string, bodyId: string, status: Consultation['status'], createdAt: string) =>
      repo.create({
        id, ref: `C-${id.toUpperCase()}`, partnershipId, kind: 'consultation', title: 't', ask: 'a', bodyId,
        deadline: '2026-12-04T17:00:00.000Z', signOffRequired: false, extraAgencyIds: [], reminderWorkingDays: [3, 1],
        createdBy: 'x', createdAt, status,
      });
    await make('l-old', 'p-latest', 'board', 'closed', '2026-10-01T10:00:00.000Z');
    await make('l-new', 'p-latest', 'board', 'open', '2026-11-20T10:00:00.000Z');
    await make('l-mid', 'p-latest', 'board', 'awaiting-casting-vote', '2026-11-01T10:00:00.000Z');
    await make('l-draft', 'p-latest', 'board', 'draft', '2026-11-30T10:00:00.000Z');
    await make('l-other-body', 'p-latest', 'exec', 'open', '2026-11-29T10:00:00.000Z');
    await make('l-other-p', 'p-elsewhere', 'board', 'open', '2026-11-28T10:00:00.000Z');
    const items = store.containers.consultations.items;
    const original = items.query.bind(items);
    let returned = 0;
    const query = vi.spyOn(items, 'query').mockImplementation(((...args: Parameters<typeof original>) => {
      const iterator = original(...args);
      const fetchAll = iterator.fetchAll.bind(iterator);
      iterator.fetchAll = async () => {
        const response = await fetchAll();
        returned += response.resources.length;
        return response;
      };
      return iterator;
    }) as typeof items.query);
    try {
      const statuses: Consultation['status'][] = ['open', 'awaiting-casting-vote', 'closed'];
      expect((await repo.latestForBodies('p-latest', ['board'], statuses))?.id).toBe('l-new');
      expect((await repo.latestForBodies('p-latest', ['board'], ['closed', 'awaiting-casting-vote']))?.id).toBe('l-mid');
      expect((await repo.latestForBodies('p-latest', ['board', 'exec'], statuses))?.id).toBe('l-other-body');
      expect(await repo.latestForBodies('p-none', ['board'], statuses)).toBeUndefined();
      expect(returned).toBe(3);
    } finally {
      query.mockRestore();
    }
  });

  it('serves an answer from its last copy only when asked to, and drops the copy when a conditional write finds it overtaken', async () => {
    const [here, elsewhere] = [new CosmosConsultationRepo(store.containers.consultations), new CosmosConsultationRepo(store.containers.consultations)];
    const blank = { id: 'c-copy:police', partnershipId: 'p-copy', consultationId: 'c-copy', agencyId: 'police', required: true, votes: false, choice: 'none' as const, conflicts: [], history: [], comments: [] };
    await here.createAnswers([blank]);
    const read = (await here.getAnswer('p-copy', 'c-copy', 'police'))!;
    // Another instance records an answer.
    const theirs = (await elsewhere.replaceAnswerIfUnchanged({ ...(await elsewhere.getAnswer('p-copy', 'c-copy', 'police'))!, choice: 'agree' }))!;

    expect((await here.getAnswer('p-copy', 'c-copy', 'police', { maybeStale: true }))!.etag).toBe(read.etag);
    expect((await here.getAnswer('p-copy', 'c-copy', 'police'))!.choice).toBe('agree');
    // A plain read refreshed the copy.
    expect((await here.getAnswer('p-copy', 'c-copy', 'police', { maybeStale: true }))!.etag).toBe(theirs.etag);

    await elsewhere.replaceAnswerIfUnchanged({ ...theirs, choice: 'disagree', reason: 'r' });
    const stale = (await here.getAnswer('p-copy', 'c-copy', 'police', { maybeStale: true }))!;
    expect(await here.replaceAnswerIfUnchanged({ ...stale, choice: 'agree' })).toBeUndefined();
    expect((await here.getAnswer('p-copy', 'c-copy', 'police', { maybeStale: true }))!.choice).toBe('disagree');
  });

  it('hands out kept consultations and answers frozen, so no caller can change the copy the next caller gets', async () => {
    const repo = new CosmosConsultationRepo(store.containers.consultations);
    const blank = { id: 'c-frozen:police', partnershipId: 'p-frozen', consultationId: 'c-frozen', agencyId: 'police', required: true, votes: false, choice: 'none' as const, conflicts: [], history: [], comments: [] };
    await repo.createAnswers([blank]);
    const answer = (await repo.getAnswer('p-frozen', 'c-frozen', 'police'))!;
    expect(Object.keys(answer).filter((k) => k.startsWith('_') || k === 'type')).toEqual([]);
    expect(answer.etag).toMatch(/.+/);
    expect(() => ((answer as { choice: string }).choice = 'agree')).toThrow(TypeError);
    expect(() => (answer.history as unknown[]).push({})).toThrow(TypeError);
    const again = (await repo.getAnswer('p-frozen', 'c-frozen', 'police', { maybeStale: true }))!;
    expect(again).toEqual(answer);
    expect(again.choice).toBe('none');
    expect(again.history).toEqual([]);
  });

  it('reads a consultation once for callers that miss the cache together, and keeps a write over a read it overtook', async () => {
    const container = store.containers.consultations;
    const repo = new CosmosConsultationRepo(container);
    const draft = { id: 'c-together', partnershipId: 'p-together', status: 'open', title: 'First' } as unknown as Consultation;
    await repo.create(draft);
    const realItem = container.item.bind(container);
    const reads = vi.spyOn(container, 'item');
    try {
      const seen = await Promise.all(Array.from({ length: 10 }, () => repo.get('p-together', 'c-together')));
      expect(reads).toHaveBeenCalledTimes(1);
      expect(new Set(seen.map((c) => c?.title))).toEqual(new Set(['First']));

      reads.mockClear();

      // A read that answers only after another caller's write has landed must not replace the written copy.
      const current = (await new CosmosConsultationRepo(container).get('p-together', 'c-together'))!;
      const later = new CosmosConsultationRepo(container);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      reads.mockImplementationOnce((id, partitionKey) => {
        const item = realItem(id, partitionKey);
        const read = item.read.bind(item);
        return Object.assign(Object.create(item) as typeof item, { read: async () => { const r = await read(); await gate; return r; } });
      });
      const slowRead = later.get('p-together', 'c-together');
      expect((await later.replaceIfUnchanged({ ...current, title: 'Second' }))!.title).toBe('Second');
      release();
      expect((await slowRead)!.title).toBe('First');
      expect((await later.get('p-together', 'c-together'))!.title).toBe('Second');
    } finally {
      reads.mockRestore();
    }
  });
});
