import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { atLondonTime } from '../../../services/domain/calendar.js';
import type { Outbox } from '../../../services/ports/consultations.js';
import { actionFixture, anAction, type ActionFixture } from '../../support/memory-actions.js';
import { RecordingOutbox } from '../../support/memory-repos.js';

/** Every scheduled job skips one bad item (logged) and carries on with the rest, as the chase does. */

const at9 = (date: string) => atLondonTime(date, 9);

/** An outbox that refuses every batch starting with `prefix`, as a failing store would. */
function failingFor(prefix: string): { outbox: Outbox; recorded: RecordingOutbox } {
  const recorded = new RecordingOutbox();
  return {
    recorded,
    outbox: {
      enqueue: async (items) => {
        if (items.some((i) => i.batchId.startsWith(prefix))) throw new Error('store unavailable');
        return recorded.enqueue(items);
      },
      progress: (p, b) => recorded.progress(p, b),
    },
  };
}

const register = [
  'Document,Version Number,Approving Committee,Date of Approval,Document Review Date,Document Manager,Owner',
  '"Neglect strategy",V2,Policy Sub Group,2024-03-31,2027-03-31,manager,Policy Sub Group',
  '"Self-harm protocol",V1,PPYP,2023-06-30,2026-06-30,manager,PPYP',
].join('\n');

/** A second partnership (a copy of the first under another id) holding copies of the first one's documents. */
async function secondPartnership(f: ActionFixture): Promise<string> {
  const id = 'merton-copy';
  await f.directory.save({ ...structuredClone(f.partnership), id }, 'test');
  for (const p of [...f.policyRepo.items.values()]) {
    await f.policyRepo.createMany([{ ...structuredClone(p), id: `${p.id}-copy`, partnershipId: id, etag: undefined }]);
  }
  return id;
}

/** The first partnership the job reads fails; the others must still be served. */
function failFirstCall<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let failed = false;
  return async (...args: A) => {
    if (!failed) {
      failed = true;
      throw new Error('store unavailable');
    }
    return fn(...args);
  };
}

describe('scheduled jobs isolate each item', () => {
  it("the weekly digest: one body's failure does not stop the other bodies' digests", async () => {
    const { outbox, recorded } = failingFor('digest:mscb-qa:');
    const f = await actionFixture(undefined, { outbox });
    await anAction(f, { bodyId: 'mscb-qa', leads: ['seat:qa-psw'], description: 'QA work' });
    await anAction(f, { bodyId: 'mscb-policy', leads: ['role:chair@mscb-policy'], description: 'Policy work' });
    const result = await f.service.digest(at9('2026-12-07'));
    expect(recorded.batchesStartingWith('digest:')).toEqual(['digest:mscb-policy:2026-12-07']);
    expect(result.digests).toBe(1);
  });

  it("report reminders: one body's failure does not stop the other bodies' reminders", async () => {
    const { outbox, recorded } = failingFor('report:mscb-big:');
    const f = await actionFixture(undefined, { outbox });
    f.clock.set(at9('2026-12-10'));
    const result = await f.service.reportReminders(at9('2026-12-10'));
    expect(recorded.batchesStartingWith('report:')).toContain('report:mscb-qa:2027-01-05:5');
    expect(recorded.batchesStartingWith('report:mscb-big:')).toEqual([]);
    expect(result.reminders).toBe(recorded.deliveries.size);
  });

  it("policy review reminders: one partnership's failure does not stop the others", async () => {
    const f = await actionFixture();
    await f.policies.importCsv(await f.actor('p-mscb-manager'), { formId: randomUUID(), csv: register });
    const copy = await secondPartnership(f);
    f.policyRepo.chaseDue = failFirstCall(f.policyRepo.chaseDue.bind(f.policyRepo));
    f.clock.set(at9('2026-11-24'));
    const result = await f.policies.reviewReminders(at9('2026-11-24'));
    expect(result.queued).toBeGreaterThan(0);
    const remindedIds = [...f.outbox.deliveries.values()].map((d) => d.batchId.split(':')[1]!);
    const partnerships = new Set(remindedIds.map((id) => f.policyRepo.items.get(id)!.partnershipId));
    expect(partnerships.size).toBe(1);
    expect([...partnerships][0] === copy || [...partnerships][0] === f.partnership.id).toBe(true);
  });

  it("the annual register report: one partnership's failure does not stop the others", async () => {
    const f = await actionFixture();
    await f.policies.importCsv(await f.actor('p-mscb-manager'), { formId: randomUUID(), csv: register });
    await secondPartnership(f);
    f.policyRepo.listCurrent = failFirstCall(f.policyRepo.listCurrent.bind(f.policyRepo));
    f.clock.set(at9('2027-04-01'));
    expect(await f.policies.annualReport(at9('2027-04-01'))).toEqual({ reports: 1 });
    expect(f.outbox.batchesStartingWith('policy-register:')).toEqual(['policy-register:2027']);
  });
});
