import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installed, post } from '../support/activities.js';
import { answerAll, consult, kill, startCrashRig, startProduct, stopCrashRig, storedAnswers, userOf, type CrashRig } from '../support/crash-product.js';

/**
 * Thirty members answer at once; the real app process is killed with SIGKILL 0–50 ms after the last
 * answer is acknowledged, then started again: every acknowledged answer must be there.
 */
let rig: CrashRig;
beforeAll(async () => {
  rig = await startCrashRig();
});
afterAll(() => stopCrashRig());

describe('the embedded store under kill -9, in the real app process', () => {
  it('keeps every acknowledged answer of 30 concurrent ones, killed 0–50 ms after the last acknowledgement, five times', async () => {
    let product = await startProduct();
    await post(product.url, installed(userOf('p-mscb-manager'), rig.connector.url));
    for (const delayMs of [0, 5, 15, 30, 50]) {
      const consultationId = await consult(product);
      const agencies = await answerAll(product, consultationId, delayMs);
      expect(agencies.size, `round killed after ${delayMs} ms`).toBeGreaterThan(10);
      product = await startProduct();
      const stored = await storedAnswers([consultationId]);
      const missing = [...agencies].filter((a) => stored.get(`${consultationId}:${a}`) !== 'agree');
      expect(missing, `acknowledged answers missing after a kill ${delayMs} ms after the last acknowledgement`).toEqual([]);
    }
    await kill(product.child, 'SIGINT');
  });
});
