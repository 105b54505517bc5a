import { addDays, londonDate } from '../domain/calendar.js';
import type { Directory } from '../domain/directory.js';
import type { Clock } from '../ports/clock.js';
import type { Outbox } from '../ports/consultations.js';
import type { Logger } from '../ports/logger.js';
import type { RetainedKind, RetentionPresenter, RetentionStore } from '../ports/retention.js';

export interface RetentionPorts {
  store: RetentionStore;
  outbox: Outbox;
  presenter: RetentionPresenter;
  directories: () => Promise<Directory[]>;
  clock: Clock;
  log: Logger;
  /** RETENTION_YEARS. */
  years: number;
  /** How many days before a purge the managers get its dry run. */
  noticeDays: number;
}

export type RetentionOutcome =
  | { kind: 'reported'; partnershipId: string; purgeOn: string; counts: Partial<Record<RetainedKind, number>>; managers: number }
  | { kind: 'purged'; partnershipId: string; purgeOn: string; counts: Partial<Record<RetainedKind, number>>; failed: number }
  | { kind: 'not-reported'; partnershipId: string; purgeOn: string }
  | { kind: 'nothing'; partnershipId: string };

/** The instant `years` before the start of the London day `day`, as ISO. */
const cutoffFor = (day: string, years: number) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y - years, m - 1, d)).toISOString();
};

const countByKind = (records: { kind: RetainedKind }[]) => {
  const counts: Partial<Record<RetainedKind, number>> = {};
  for (const r of records) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  return counts;
};

/**
 * The daily retention job, per partnership: first the managers get a dry run (what would go, by
 * kind) for the purge `noticeDays` ahead; then, on a day whose dry run was sent, the records past
 * RETENTION_YEARS are deleted and the purge is recorded in the audit trail. Nothing is deleted on a
 * day no dry run announced. Each record and each partnership is isolated: one failure is logged and
 * the rest go on. Deletes and the run records are idempotent, so two instances do no harm.
 */
export async function runRetention(ports: RetentionPorts): Promise<RetentionOutcome[]> {
  const outcomes: RetentionOutcome[] = [];
  const now = ports.clock.now();
  const today = londonDate(now);
  for (const directory of await ports.directories()) {
    const partnershipId = directory.partnership.id;
    try {
      outcomes.push(await report(ports, directory, addDays(today, ports.noticeDays), now));
      outcomes.push(await purge(ports, partnershipId, today, now));
    } catch (err) {
      ports.log.error({ partnershipId, err: err instanceof Error ? err.message : String(err) }, 'retention run failed for a partnership');
    }
  }
  return outcomes;
}

async function report(ports: RetentionPorts, directory: Directory, purgeOn: string, now: Date): Promise<RetentionOutcome> {
  const partnershipId = directory.partnership.id;
  const cutoff = cutoffFor(purgeOn, ports.years);
  const counts = countByKind(await ports.store.expired(partnershipId, cutoff));
  if (Object.keys(counts).length === 0) return { kind: 'nothing', partnershipId };
  const managers = directory.managers().filter((m) => m.aadObjectId);
  const card = ports.presenter.report({ partnershipName: directory.partnership.name, years: ports.years, purgeOn, cutoff, counts });
  await ports.outbox.enqueue(
    managers.map((m) => ({ partnershipId, batchId: `retention:${partnershipId}:${purgeOn}`, recipientAad: m.aadObjectId, card })),
  );
  await ports.store.recordRun({ partnershipId, step: 'report', purgeOn, cutoff, counts, at: now.toISOString() });
  return { kind: 'reported', partnershipId, purgeOn, counts, managers: managers.length };
}

async function purge(ports: RetentionPorts, partnershipId: string, today: string, now: Date): Promise<RetentionOutcome> {
  const announced = await ports.store.reportFor(partnershipId, today);
  const cutoff = cutoffFor(today, ports.years);
  const expired = await ports.store.expired(partnershipId, cutoff);
  if (expired.length === 0) return { kind: 'nothing', partnershipId };
  if (!announced) return { kind: 'not-reported', partnershipId, purgeOn: today };
  const deleted: { kind: RetainedKind }[] = [];
  let failed = 0;
  for (const record of expired) {
    try {
      if (await ports.store.delete(partnershipId, record)) deleted.push(record);
    } catch (err) {
      failed++;
      ports.log.error({ partnershipId, recordId: record.id, kind: record.kind, err: err instanceof Error ? err.message : String(err) }, 'retention: a record could not be deleted');
    }
  }
  const counts = countByKind(deleted);
  // The run is recorded once; a second instance that found the records gone adds to nothing.
  if (deleted.length > 0) await ports.store.recordRun({ partnershipId, step: 'purge', purgeOn: today, cutoff, counts, at: now.toISOString() });
  ports.log.info({ partnershipId, deleted: deleted.length, failed }, 'retention purge');
  return { kind: 'purged', partnershipId, purgeOn: today, counts, failed };
}
