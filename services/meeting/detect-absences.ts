import { detectAbsenceConcerns, recoveredShare, type MeetingRecord } from '../domain/absence.js';
import type { Body, Directory } from '../domain/directory.js';
import { recoveryOf, reviewFromConcern, safeKey, SYSTEM_ACTOR, toMeetingRecords, type Meeting } from '../domain/meeting.js';
import { audit, isolated, updateReview, type MeetingPorts } from './support.js';

type Ports = Pick<MeetingPorts, 'repo' | 'directory' | 'outbox' | 'present' | 'audit' | 'clock' | 'log'>;

/**
 * The job `absences.detect` (C §5.8; L thresholds): one review per absence run (create-once by its
 * key), sent to the manager once; an attendance-share review the manager has not decided closes
 * itself once the member's share is back. Each body on its own.
 */
export function detectAbsences(ports: Ports) {
  async function closeRecovered(directory: Directory, body: Body, records: MeetingRecord[], now: Date): Promise<number> {
    const rule = body.absence;
    if (rule.kind !== 'attendance-share') return 0;
    let closed = 0;
    const pending = await ports.repo.listReviews(directory.partnership.id, { status: 'pending', bodyIds: [body.id] });
    for (const r of pending.filter((x) => x.kind === 'attendance-share')) {
      const share = recoveredShare(body, r.seatId, r.holderId, records, now);
      if (!share) continue;
      const at = now.toISOString();
      const recovery = recoveryOf(share, rule);
      const done = await updateReview(ports.repo, r, (x) => (x.decision ? x : { ...x, status: 'decided', decision: { outcome: 'recovered', recovery, by: SYSTEM_ACTOR, at } }));
      if (done.decision?.outcome !== 'recovered' || done.decision.at !== at) continue;
      closed++;
      await audit(ports, r.partnershipId, SYSTEM_ACTOR, 'absence.review.recovered', r.id, undefined, done.decision);
    }
    return closed;
  }

  /** One member's concern: the review created once, and sent to the manager once. */
  async function review(directory: Directory, body: Body, concern: ReturnType<typeof detectAbsenceConcerns>[number], meetings: Meeting[], now: Date) {
    const pid = directory.partnership.id;
    const seat = body.seats.find((s) => s.id === concern.seatId);
    const review = reviewFromConcern(concern, pid, seat?.agencyId, now.toISOString());
    const created = await ports.repo.createReview(review);
    if (created) await audit(ports, pid, SYSTEM_ACTOR, 'absence.review.create', review.id);
    const stored = await ports.repo.getReview(pid, review.id);
    if (!stored || stored.status !== 'pending' || stored.notifiedAt) return { created, notified: false };
    const card = ports.present.review(directory, { review: stored, meetings, canDecide: true });
    await ports.outbox.enqueue(directory.managers().map((p) => ({ partnershipId: pid, batchId: safeKey('absence-review', stored.id), recipientAad: p.aadObjectId, card })));
    await updateReview(ports.repo, stored, (x) => (x.notifiedAt ? x : { ...x, notifiedAt: now.toISOString() }));
    return { created, notified: true };
  }

  return async function run(now: Date = ports.clock.now()): Promise<{ created: number; notified: number; recovered: number }> {
    const total = { created: 0, notified: 0, recovered: 0 };
    for (const directory of await ports.directory.directories()) {
      const pid = directory.partnership.id;
      const meetings = await ports.repo.listMeetings(pid);
      const registers = await ports.repo.listRegisters(pid);
      for (const body of directory.bodies) {
        const records = toMeetingRecords(
          meetings.filter((m) => m.bodyId === body.id),
          registers.filter((r) => r.bodyId === body.id),
        );
        for (const concern of detectAbsenceConcerns(body, records, now)) {
          await isolated(ports.log, { partnershipId: pid, bodyId: body.id, seatId: concern.seatId, job: 'absences.detect' }, async () => {
            const n = await review(directory, body, concern, meetings, now);
            if (n.created) total.created++;
            if (n.notified) total.notified++;
          });
        }
        await isolated(ports.log, { partnershipId: pid, bodyId: body.id, job: 'absences.detect' }, async () => {
          total.recovered += await closeRecovered(directory, body, records, now);
        });
      }
    }
    if (total.created) ports.log.info({ created: total.created }, 'absence reviews created');
    if (total.recovered) ports.log.info({ recovered: total.recovered }, 'absence reviews closed as recovered');
    return total;
  };
}
