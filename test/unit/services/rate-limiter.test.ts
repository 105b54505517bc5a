import { describe, expect, it } from 'vitest';
import { TokenBucketRateLimiter } from '../../../services/rate-limiter.js';

/** Fake time: sleeps resolve only when the test moves time past them. */
class FakeTime {
  now = 0;
  private timers: { at: number; resolve: () => void }[] = [];

  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.now + ms, resolve });
    });

  /** Runs until every pending acquisition has finished, jumping from timer to timer. */
  async run(until: Promise<unknown>): Promise<void> {
    let done = false;
    void until.then(() => (done = true));
    for (;;) {
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      if (done) return;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (!next) throw new Error('stuck: nothing to wait for');
      this.now = Math.max(this.now, next.at);
      next.resolve();
    }
  }
}

function limiter(time: FakeTime, opts: { ratePerSecond?: number; burst?: number; perConversationMs?: number } = {}) {
  return new TokenBucketRateLimiter({ ...opts, now: () => time.now, sleep: time.sleep });
}

async function acquireAll(time: FakeTime, l: TokenBucketRateLimiter, keys: string[]): Promise<number[]> {
  const at: number[] = new Array(keys.length);
  const all = Promise.all(keys.map((key, i) => l.acquire(key).then(() => (at[i] = time.now))));
  await time.run(all);
  return at;
}

describe('TokenBucketRateLimiter', () => {
  it('holds 200 acquisitions to 50 per second: about 4 s of fake time', async () => {
    const time = new FakeTime();
    const at = await acquireAll(time, limiter(time, { ratePerSecond: 50, burst: 5 }), Array.from({ length: 200 }, (_, i) => `c${i}`));
    const last = Math.max(...at);
    expect(last).toBeGreaterThanOrEqual(3_800);
    expect(last).toBeLessThanOrEqual(4_000);
    // No one-second window ever holds more than the rate plus the burst.
    const sorted = [...at].sort((a, b) => a - b);
    for (let i = 0; i < sorted.length; i++) {
      const inWindow = sorted.filter((t) => t >= sorted[i]! && t < sorted[i]! + 1_000).length;
      expect(inWindow).toBeLessThanOrEqual(55);
    }
  });

  it('lets a burst through at once after a quiet spell, then paces', async () => {
    const time = new FakeTime();
    const at = await acquireAll(time, limiter(time, { ratePerSecond: 10, burst: 3 }), ['a', 'b', 'c', 'd', 'e']);
    expect(at).toEqual([0, 0, 0, 100, 200]);
  });

  it('spaces messages to one conversation by at least the minimum, without holding up the others', async () => {
    const time = new FakeTime();
    const l = limiter(time, { ratePerSecond: 50, burst: 5, perConversationMs: 1_000 });
    const keys = ['same', 'same', 'other-1', 'same', 'other-2', 'other-3'];
    const at = await acquireAll(time, l, keys);
    const same = at.filter((_, i) => keys[i] === 'same');
    expect(same).toEqual([0, 1_000, 2_000]);
    const others = at.filter((_, i) => keys[i] !== 'same');
    expect(Math.max(...others)).toBeLessThan(100);
  });

  it('keeps the spacing when the global ceiling delays the first of two messages', async () => {
    const time = new FakeTime();
    const l = limiter(time, { ratePerSecond: 2, burst: 1, perConversationMs: 1_000 });
    const keys = ['x', 'y', 'z', 'same', 'same'];
    const at = await acquireAll(time, l, keys);
    expect(at[4]! - at[3]!).toBeGreaterThanOrEqual(1_000);
    const sorted = [...at].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(500);
  });

  it('does not wait when the conversation was last messaged long ago', async () => {
    const time = new FakeTime();
    const l = limiter(time, { ratePerSecond: 50, perConversationMs: 1_000 });
    await acquireAll(time, l, ['same']);
    time.now = 5_000;
    const at = await acquireAll(time, l, ['same']);
    expect(at).toEqual([5_000]);
  });

  it('rejects a non-positive rate', () => {
    expect(() => new TokenBucketRateLimiter({ ratePerSecond: 0 })).toThrow();
  });
});
