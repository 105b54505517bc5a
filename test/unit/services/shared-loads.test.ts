import { describe, expect, it } from 'vitest';
import { SharedLoads } from '../../../services/shared-loads.js';

/** A load that resolves only when told to, counting how often it was started. */
function gatedLoads<V>() {
  const started: ((value: V) => void)[] = [];
  const load = () => new Promise<V>((resolve) => started.push(resolve));
  return { load, started };
}

describe('SharedLoads', () => {
  it('gives callers that ask while a load is in flight the same load, and serves its result until it is too old', async () => {
    let now = 0;
    const loads = new SharedLoads<string>({ maxEntries: 10, maxAgeMs: 1000, now: () => now });
    const { load, started } = gatedLoads<string>();
    const [a, b] = [loads.get('k', load), loads.get('k', load)];
    expect(started).toHaveLength(1);
    started[0]!('first');
    expect(await Promise.all([a, b])).toEqual(['first', 'first']);
    now = 999;
    expect(await loads.get('k', load)).toBe('first');
    now = 1000;
    const again = loads.get('k', load);
    expect(started).toHaveLength(2);
    started[1]!('second');
    expect(await again).toBe('second');
  });

  it('does not keep a load that fails, throws at once, or whose result `keep` refuses', async () => {
    const loads = new SharedLoads<string | undefined>({ maxEntries: 10, keep: (v) => v !== undefined });
    await expect(loads.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(
      loads.get('k', () => {
        throw new Error('at once');
      }),
    ).rejects.toThrow('at once');
    expect(await loads.get('k', async () => undefined)).toBeUndefined();
    expect(await loads.get('k', async () => 'found')).toBe('found');
    expect(await loads.get('k', async () => 'not asked')).toBe('found');
  });

  it('keeps what `set` put over a load it overtook, and forgets on `delete`', async () => {
    const loads = new SharedLoads<string>({ maxEntries: 10 });
    const { load, started } = gatedLoads<string>();
    const slow = loads.get('k', load);
    loads.set('k', 'written');
    started[0]!('read before the write');
    expect(await slow).toBe('read before the write');
    expect(await loads.get('k', load)).toBe('written');
    loads.delete('k');
    expect(await loads.get('k', async () => 'fresh')).toBe('fresh');
  });

  it('starts afresh past maxEntries keys', async () => {
    const loads = new SharedLoads<string>({ maxEntries: 2 });
    await loads.get('a', async () => 'a1');
    await loads.get('b', async () => 'b1');
    expect(await loads.get('a', async () => 'a2')).toBe('a1');
    await loads.get('c', async () => 'c1');
    expect(await loads.get('a', async () => 'a3')).toBe('a3');
  });
});
