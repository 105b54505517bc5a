import { describe, expect, it } from 'vitest';
import { recordingLog } from '../../support/harness.js';
import { consultationFixture, sendToBoard, sendVote } from '../../support/consultation-fixture.js';

/**
 * The deadline and reminder jobs take each consultation on its own (issue 13): one whose body has
 * since been removed from the partnership is logged and skipped, and every later one still closes
 * or is reminded.
 */
async function withOrphanFirst() {
  const log = recordingLog();
  const f = await consultationFixture(undefined, undefined, log);
  // Sent first, so the jobs meet it first; its body then leaves the partnership.
  const orphan = await sendVote(f, 'mscb-policy', 'p-mscb-manager', 'Policy sub group terms');
  const board = await sendToBoard(f);
  await f.directory.save({ ...f.partnership, bodies: f.partnership.bodies.filter((b) => b.id !== 'mscb-policy') }, 'test');
  return { f, log, orphan, board };
}

describe('scheduled consultation jobs isolate each consultation', () => {
  it('closes every other consultation when one of them has lost its body', async () => {
    const { f, log, orphan, board } = await withOrphanFirst();
    f.clock.set('2026-12-04T17:00:00.000Z');
    await f.service.closeDue();
    expect(f.repo.consultations.get(board)?.status).toBe('closed');
    expect(f.outbox.batch(`consultation:${board}:summary`).length).toBeGreaterThan(0);
    expect(await f.carryForward.listOpen('merton-2015', 'mscb-board')).toHaveLength(1);
    expect(log.entries.some((e) => e.level === 'error' && e.fields.consultationId === orphan)).toBe(true);
  });

  it('reminds every other consultation when one of them has lost its body', async () => {
    const { f, log, orphan, board } = await withOrphanFirst();
    f.clock.set('2026-12-01T09:00:00.000Z'); // 3 working days before Fri 4 Dec
    await f.service.remind();
    expect(f.outbox.batchesStartingWith(`reminder:${board}:`).length).toBeGreaterThan(10);
    expect(f.outbox.batchesStartingWith(`reminder:${orphan}:`)).toEqual([]);
    expect(log.entries.some((e) => e.level === 'error' && e.fields.consultationId === orphan)).toBe(true);
  });
});
