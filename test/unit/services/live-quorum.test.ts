import { describe, expect, it } from 'vitest';
import { liveQuorumUseCases } from '../../../services/meeting/live-quorum.js';
import type { OnlineMeetingRecords, OnlineMeetingRepo, OnlineRecordKind } from '../../../services/ports/online-meeting-records.js';
import { silentLog } from '../../support/harness.js';
import { addMeeting, meetingFixture } from '../../support/memory-meetings.js';

/** The records of meetings held in Teams, in memory, with the ETag checks the Cosmos repository makes. */
class MemoryOnlineRecords implements OnlineMeetingRepo {
  private readonly items = new Map<string, { etag?: string; threadId?: string }>();
  private n = 0;
  private key = (kind: string, pid: string, id: string) => `${kind}|${pid}|${id}`;
  async get<K extends OnlineRecordKind>(kind: K, partnershipId: string, id: string) {
    const found = this.items.get(this.key(kind, partnershipId, id));
    return found ? (structuredClone(found) as unknown as OnlineMeetingRecords[K]) : undefined;
  }
  async create<K extends OnlineRecordKind>(kind: K, record: OnlineMeetingRecords[K]) {
    const key = this.key(kind, record.partnershipId, record.id);
    if (this.items.has(key)) return false;
    this.items.set(key, { ...structuredClone(record), etag: `e${++this.n}` });
    return true;
  }
  async replace<K extends OnlineRecordKind>(kind: K, record: OnlineMeetingRecords[K]) {
    const key = this.key(kind, record.partnershipId, record.id);
    if (this.items.get(key)?.etag !== record.etag) return undefined;
    const stored = { ...structuredClone(record), etag: `e${++this.n}` };
    this.items.set(key, stored);
    return structuredClone(stored) as unknown as OnlineMeetingRecords[K];
  }
  async invitationByThread(partnershipId: string, threadId: string) {
    const found = [...this.items.entries()].find(([k, v]) => k.startsWith(`invitation|${partnershipId}|`) && v.threadId === threadId);
    return found ? (structuredClone(found[1]) as unknown as OnlineMeetingRecords['invitation']) : undefined;
  }
  async listAttendance() {
    return [];
  }
}

describe('the live quorum', () => {
  it('counts a deputy for one seat only, though they could stand in for every seat of their agency', async () => {
    const f = await meetingFixture({ now: '2027-01-04T10:00:00.000Z' });
    const meetingId = await addMeeting(f, 'mscb-big', '2027-01-20');
    const records = new MemoryOnlineRecords();
    const threadId = '19:meeting_unit@thread.v2';
    await records.create('invitation', { id: 'inv', partnershipId: f.partnership.id, meetingId, eventId: 'ev', threadId, fingerprint: '[]', updatedAt: '2027-01-04T10:00:00.000Z' });
    const live = liveQuorumUseCases({ meetings: f.repo, records, directory: f.directory, clock: f.clock, log: silentLog });
    // The CSF Director's deputy (a standing deputy for each CSF seat) and no CSF holder.
    const outcome = await live.participantsChanged({ threadId, eventId: 'e1', joined: [f.aadOf('p-csf-director-deputy'), f.aadOf('p-ccg-chief-officer')], left: [], at: '2027-01-20T14:01:00.000Z' });
    expect(outcome.kind).toBe('updated');
    const facts = outcome.kind === 'updated' ? outcome.facts : undefined;
    expect(facts!.seats.filter((s) => s.present).map((s) => [s.seatId, s.present!.as])).toEqual([
      ['big-ccg', 'holder'],
      ['big-csf-director', 'deputy'],
    ]);
    expect(facts!.others).toEqual([]);
    // The same event again changes nothing.
    expect((await live.participantsChanged({ threadId, eventId: 'e1', joined: [f.aadOf('p-vcs-1')], left: [], at: '2027-01-20T14:02:00.000Z' })).kind).toBe('duplicate');
  });

  it('shows a proxy the chair agreed to as a proxy for the seat', async () => {
    const f = await meetingFixture({ now: '2027-01-04T10:00:00.000Z', partnership: 'partnerships/lewisham-2019.json' });
    const meetingId = await addMeeting(f, 'lscp-partnership', '2027-01-20');
    await f.repo.createApology({
      id: `${meetingId}:lscp-police`,
      partnershipId: f.partnership.id,
      meetingId,
      bodyId: 'lscp-partnership',
      seatId: 'lscp-police',
      holderId: 'p-det-supt',
      response: 'apologies',
      proxyId: 'p-mash-rep',
      proxyAgreement: { agreed: true, by: 'p-ed-cyp', at: '2027-01-10T10:00:00.000Z' },
      answeredBy: 'p-det-supt',
      answeredAt: '2027-01-09T10:00:00.000Z',
      history: [],
    });
    const records = new MemoryOnlineRecords();
    const threadId = '19:meeting_proxy@thread.v2';
    await records.create('invitation', { id: 'inv', partnershipId: f.partnership.id, meetingId, eventId: 'ev', threadId, fingerprint: '[]', updatedAt: '2027-01-04T10:00:00.000Z' });
    const live = liveQuorumUseCases({ meetings: f.repo, records, directory: f.directory, clock: f.clock, log: silentLog });
    const outcome = await live.participantsChanged({ threadId, eventId: 'p1', joined: [f.aadOf('p-mash-rep')], left: [], at: '2027-01-20T14:01:00.000Z' });
    const police = outcome.kind === 'updated' ? outcome.facts.seats.find((s) => s.seatId === 'lscp-police') : undefined;
    expect(police?.present).toEqual({ name: f.partnership.people.find((p) => p.id === 'p-mash-rep')!.displayName, as: 'proxy' });
  });
});
