import { describe, expect, it } from 'vitest';
import { attendingSeats } from '../../../services/domain/meeting.js';
import type { NewDelivery } from '../../../services/ports/outbox.js';
import { recordingLog } from '../../support/harness.js';
import { addMeeting, meetingFixture, MemoryMeetingRepo, recordRegister } from '../../support/memory-meetings.js';
import { RecordingOutbox } from '../../support/memory-repos.js';

/**
 * Each scheduled meeting job isolates each meeting, body and person: one that fails (here, a send
 * or a write that throws for one meeting or body) is logged and skipped, and the rest still run.
 */
class FailingOutbox extends RecordingOutbox {
  failing = new Set<string>();
  override async enqueue(items: NewDelivery[]) {
    if (items.some((i) => [...this.failing].some((id) => i.batchId.includes(id)))) throw new Error('the outbox refused the batch');
    return super.enqueue(items);
  }
}

const BIG = '2027-01-27';
const QA = '2027-01-28';

async function fixture() {
  const outbox = new FailingOutbox();
  const repo = new MemoryMeetingRepo();
  const log = recordingLog();
  const f = await meetingFixture({ deps: { outbox, repo, log } });
  return { f, outbox, repo, log };
}

describe('meeting jobs isolate each item', () => {
  it('sendNotices: one meeting that fails does not stop the notices of the others', async () => {
    const { f, outbox, log } = await fixture();
    const big = await addMeeting(f, 'mscb-big', BIG);
    const qa = await addMeeting(f, 'mscb-qa', QA);
    outbox.failing.add(big);
    f.clock.set('2027-01-14T09:00:00.000Z');
    await expect(f.service.sendNotices()).resolves.toMatchObject({ meetings: 1 });
    expect(outbox.batchesStartingWith(`meeting:${qa}:notice:`).length).toBeGreaterThan(0);
    expect((await f.repo.getMeeting(f.partnership.id, big))!.noticesSentAt).toBeUndefined();
    expect(log.entries.some((e) => e.level === 'error' && e.fields.meetingId === big)).toBe(true);
  });

  it('warnQuorum: one meeting that fails does not stop the warnings of the others', async () => {
    const { f, outbox, log } = await fixture();
    const big = await addMeeting(f, 'mscb-big', BIG);
    const qa = await addMeeting(f, 'mscb-qa', QA);
    // Every seat sends apologies, so neither meeting will be quorate.
    for (const id of [big, qa]) {
      const m = (await f.repo.getMeeting(f.partnership.id, id))!;
      for (const seat of attendingSeats(f.partnership.bodies.find((b) => b.id === m.bodyId)!)) {
        await f.service.respond(await f.actor(seat.holderId!), { meetingId: id, seatId: seat.id, response: 'apologies' });
      }
    }
    outbox.failing.add(big);
    f.clock.set('2027-01-25T09:00:00.000Z');
    const result = await f.service.warnQuorum();
    expect(outbox.batchesStartingWith(`meeting:${qa}:quorum:`).length).toBe(1);
    expect(result.warnings).toBe(1);
    expect(log.entries.some((e) => e.level === 'error' && e.fields.meetingId === big)).toBe(true);
  });

  it('sendBriefs: one meeting that fails does not stop the briefs of the others', async () => {
    const { f, outbox, log } = await fixture();
    const big = await addMeeting(f, 'mscb-big', BIG);
    const qa = await addMeeting(f, 'mscb-qa', QA);
    outbox.failing.add(big);
    f.clock.set('2027-01-22T09:00:00.000Z');
    await expect(f.service.sendBriefs()).resolves.toMatchObject({ briefs: 1 });
    expect(outbox.batchesStartingWith(`meeting:${qa}:brief`).length).toBe(1);
    expect(log.entries.some((e) => e.level === 'error' && e.fields.meetingId === big)).toBe(true);
  });

  it('planFromCadence: one body that fails does not stop the others being planned', async () => {
    const { f, repo, log } = await fixture();
    const create = repo.createMeeting.bind(repo);
    repo.createMeeting = async (m) => {
      if (m.bodyId === 'mscb-big') throw new Error('the store refused the write');
      return create(m);
    };
    const result = await f.service.planFromCadence();
    expect(result.created).toBeGreaterThan(0);
    expect(repo.meetings.all().some((m) => m.bodyId === 'mscb-board')).toBe(true);
    expect(log.entries.some((e) => e.level === 'error' && e.fields.bodyId === 'mscb-big')).toBe(true);
  });

  it('detectAbsences: one body that fails does not stop the reviews of the others', async () => {
    const { f, repo, log } = await fixture();
    const big = [await addMeeting(f, 'mscb-big', '2027-01-27'), await addMeeting(f, 'mscb-big', '2027-02-24')];
    const qa = [await addMeeting(f, 'mscb-qa', '2027-01-28'), await addMeeting(f, 'mscb-qa', '2027-02-25')];
    f.clock.set('2027-01-28T18:00:00.000Z');
    await recordRegister(f, big[0]!, { 'big-probation': 'absent' });
    await recordRegister(f, qa[0]!, { 'qa-swlstg': 'absent' });
    f.clock.set('2027-02-25T18:00:00.000Z');
    await recordRegister(f, big[1]!, { 'big-probation': 'absent' });
    await recordRegister(f, qa[1]!, { 'qa-swlstg': 'absent' });
    const createReview = repo.createReview.bind(repo);
    repo.createReview = async (r) => {
      if (r.bodyId === 'mscb-big') throw new Error('the store refused the write');
      return createReview(r);
    };
    const result = await f.service.detectAbsences(f.clock.now());
    expect(result.created).toBe(1);
    expect(repo.reviews.all().map((r) => r.bodyId)).toEqual(['mscb-qa']);
    expect(log.entries.some((e) => e.level === 'error' && e.fields.bodyId === 'mscb-big')).toBe(true);
  });
});

describe('a meeting whose body was removed from the partnership', () => {
  it('is skipped by every meeting job, and the others still run', async () => {
    const { f, outbox, log } = await fixture();
    const big = await addMeeting(f, 'mscb-big', BIG);
    const qa = await addMeeting(f, 'mscb-qa', QA);
    await f.directory.save({ ...f.partnership, bodies: f.partnership.bodies.filter((b) => b.id !== 'mscb-big') }, 'test');
    f.clock.set('2027-01-25T09:00:00.000Z');
    await expect(f.service.sendNotices()).resolves.toMatchObject({ meetings: 1 });
    await expect(f.service.sendBriefs()).resolves.toMatchObject({ briefs: 1 });
    await expect(f.service.warnQuorum()).resolves.toBeDefined();
    await expect(f.service.detectAbsences()).resolves.toBeDefined();
    await expect(f.service.planFromCadence()).resolves.toBeDefined();
    expect(outbox.batchesStartingWith(`meeting:${qa}:notice:`).length).toBeGreaterThan(0);
    expect(outbox.batchesStartingWith(`meeting:${big}:`)).toEqual([]);
    expect(log.entries.filter((e) => e.level === 'error')).toEqual([]);
  });
});
