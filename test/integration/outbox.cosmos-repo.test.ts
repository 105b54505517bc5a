import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DELIVERY_RETENTION_SECONDS } from '../../infra/cosmos/containers.js';
import { CosmosOutboxRepo } from '../../infra/cosmos/outbox.cosmos-repo.js';
import type { CosmosStore } from '../../infra/cosmos/store.js';
import type { Delivery } from '../../services/ports/outbox.js';
import { openTestStore } from '../support/harness.js';

let store: CosmosStore;
let repo: CosmosOutboxRepo;

afterAll(() => store?.dispose());
beforeEach(async () => {
  store?.dispose();
  store = await openTestStore();
  repo = new CosmosOutboxRepo(store.containers.outbox);
});

const at = (second: number) => new Date(Date.UTC(2026, 10, 24, 9, 0, second)).toISOString();

function delivery(partnershipId: string, batchId: string, recipientAad: string, extra: Partial<Delivery> = {}): Delivery {
  return {
    id: `${batchId}:${recipientAad}`,
    partnershipId,
    batchId,
    recipientAad,
    card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'hello' }] },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at(0),
    createdAt: at(0),
    ...extra,
  };
}

describe('CosmosOutboxRepo', () => {
  it('creates each delivery once however often it is enqueued', async () => {
    const batch = Array.from({ length: 40 }, (_, i) => delivery('merton', 'b1', `aad-${i}`));
    expect(await repo.enqueue(batch)).toBe(40);
    expect(await repo.enqueue([...batch, delivery('merton', 'b1', 'aad-new')])).toBe(1);
    expect(await repo.enqueue([])).toBe(0);
    expect(await repo.byBatch('merton', 'b1')).toHaveLength(41);
  });

  it('returns due pending deliveries across partnerships, oldest first, up to the limit', async () => {
    await repo.enqueue([
      delivery('merton', 'b1', 'a', { nextAttemptAt: at(5) }),
      delivery('lewisham', 'b2', 'b', { nextAttemptAt: at(1) }),
      delivery('merton', 'b1', 'c', { nextAttemptAt: at(3) }),
      delivery('sutton', 'b3', 'd', { nextAttemptAt: at(2) }),
      delivery('merton', 'b1', 'later', { nextAttemptAt: at(30) }),
      delivery('merton', 'b1', 'done', { nextAttemptAt: at(0), status: 'sent' }),
      delivery('lewisham', 'b2', 'busy', { nextAttemptAt: at(0), status: 'sending', claimedAt: at(0) }),
    ]);
    const due = await repo.due(new Date(at(10)), 10);
    expect(due.map((d) => d.recipientAad)).toEqual(['b', 'd', 'c', 'a']);
    expect((await repo.due(new Date(at(10)), 2)).map((d) => d.recipientAad)).toEqual(['b', 'd']);
    expect((await repo.due(new Date(at(5)), 10)).map((d) => d.recipientAad)).toEqual(['b', 'd', 'c', 'a']);
    expect(await repo.due(new Date(at(0)), 10)).toEqual([]);
  });

  it('maps the ETag and strips the store fields', async () => {
    await repo.enqueue([delivery('merton', 'b1', 'a')]);
    const [d] = await repo.due(new Date(at(10)), 1);
    expect(d!.etag).toEqual(expect.any(String));
    expect(Object.keys(d!).filter((k) => k.startsWith('_'))).toEqual([]);
    expect(d).toEqual({ ...delivery('merton', 'b1', 'a'), etag: d!.etag });
  });

  it('lets exactly one of several concurrent claims win; the others get undefined', async () => {
    await repo.enqueue([delivery('merton', 'b1', 'a')]);
    const [d] = await repo.due(new Date(at(10)), 1);
    const claims = await Promise.all(
      ['i1', 'i2', 'i3', 'i4'].map((instance) =>
        repo.replaceIfUnchanged({ ...d!, status: 'sending', claimedBy: instance, claimedAt: at(10) }),
      ),
    );
    const winners = claims.filter((c) => c !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.etag).not.toBe(d!.etag);
    // A stale copy cannot overwrite the winner either.
    expect(await repo.replaceIfUnchanged({ ...d!, status: 'pending' })).toBeUndefined();
    const sent = await repo.replaceIfUnchanged({ ...winners[0]!, status: 'sent', activityId: 'act-1', sentAt: at(11) });
    expect(sent).toMatchObject({ status: 'sent', activityId: 'act-1', claimedBy: winners[0]!.claimedBy });
    // Fields dropped from the delivery are dropped from the store.
    const { activityId: _, ...rest } = sent!;
    const replaced = await repo.replaceIfUnchanged(rest);
    expect(replaced?.activityId).toBeUndefined();
    expect(await repo.replaceIfUnchanged({ ...delivery('merton', 'b1', 'missing'), etag: '"x"' })).toBeUndefined();
  });

  it('finds claims older than a time that never finished', async () => {
    await repo.enqueue([
      delivery('merton', 'b1', 'old', { status: 'sending', claimedBy: 'i1', claimedAt: at(1) }),
      delivery('lewisham', 'b2', 'older', { status: 'sending', claimedBy: 'i2', claimedAt: at(0) }),
      delivery('merton', 'b1', 'fresh', { status: 'sending', claimedBy: 'i1', claimedAt: at(20) }),
      delivery('merton', 'b1', 'sent', { status: 'sent', claimedBy: 'i1', claimedAt: at(0) }),
    ]);
    const stale = await repo.stale(new Date(at(10)), 10);
    expect(stale.map((d) => d.recipientAad).sort()).toEqual(['old', 'older']);
    expect(await repo.stale(new Date(at(10)), 1)).toHaveLength(1);
  });

  it('lists a batch within its partnership only', async () => {
    await repo.enqueue([
      delivery('merton', 'b1', 'a'),
      delivery('merton', 'b1', 'b', { status: 'sent' }),
      delivery('merton', 'b2', 'a'),
      delivery('lewisham', 'b1', 'a'),
    ]);
    const batch = await repo.byBatch('merton', 'b1');
    expect(batch.map((d) => d.recipientAad).sort()).toEqual(['a', 'b']);
    expect(batch.every((d) => d.partnershipId === 'merton' && d.etag)).toBe(true);
    expect(await repo.byBatch('merton', 'none')).toEqual([]);
  });
});

describe('retention', () => {
  it('lets finished deliveries expire and keeps pending ones', async () => {
    const repo = new CosmosOutboxRepo(store.containers.outbox);
    const base = { partnershipId: 'p-ttl', batchId: 'b-ttl', card: {}, attempts: 0, nextAttemptAt: '2026-11-24T10:00:00.000Z', createdAt: '2026-11-24T10:00:00.000Z' };
    await repo.enqueue([{ ...base, id: 'b-ttl:one', recipientAad: 'one', status: 'pending' }]);
    const pendingDoc = (await store.containers.outbox.item('b-ttl:one', 'p-ttl').read()).resource;
    expect(pendingDoc?.ttl).toBeUndefined();
    const [stored] = await repo.byBatch('p-ttl', 'b-ttl');
    await repo.replaceIfUnchanged({ ...stored!, status: 'sent', sentAt: '2026-11-24T10:00:01.000Z' });
    const sentDoc = (await store.containers.outbox.item('b-ttl:one', 'p-ttl').read()).resource;
    expect(sentDoc?.ttl).toBe(DELIVERY_RETENTION_SECONDS);
  });
});
