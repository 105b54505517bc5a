import type { Container } from '@azure/cosmos';
import type { AttendanceDraft, MeetingInvitation, OnlineMeetingRecords, OnlineMeetingRepo, OnlineRecordKind } from '../../services/ports/online-meeting-records.js';
import { createOnce, replaceIfMatch, toDocument, toDomain } from './documents.js';

/** Document types in the `meetings` container for meetings held in Teams. */
export const ONLINE_DOC_TYPES: Record<OnlineRecordKind, string> = {
  invitation: 'meeting-invitation',
  attendance: 'attendance-draft',
  presence: 'live-presence',
};

export class CosmosOnlineMeetingRepo implements OnlineMeetingRepo {
  constructor(private readonly container: Container) {}

  async get<K extends OnlineRecordKind>(kind: K, partnershipId: string, id: string): Promise<OnlineMeetingRecords[K] | undefined> {
    const { resource } = await this.container.item(id, partnershipId).read();
    return resource && resource.type === ONLINE_DOC_TYPES[kind] && resource.partnershipId === partnershipId ? toDomain<OnlineMeetingRecords[K]>(resource) : undefined;
  }
  create<K extends OnlineRecordKind>(kind: K, record: OnlineMeetingRecords[K]): Promise<boolean> {
    return createOnce(this.container, toDocument(record, ONLINE_DOC_TYPES[kind]));
  }
  replace<K extends OnlineRecordKind>(kind: K, record: OnlineMeetingRecords[K]): Promise<OnlineMeetingRecords[K] | undefined> {
    return replaceIfMatch(this.container, record, ONLINE_DOC_TYPES[kind]) as Promise<OnlineMeetingRecords[K] | undefined>;
  }
  async invitationByThread(partnershipId: string, threadId: string): Promise<MeetingInvitation | undefined> {
    const found = await this.query<MeetingInvitation>(partnershipId, 'invitation', 'c.threadId = @t', [{ name: '@t', value: threadId }]);
    return found[0];
  }
  listAttendance(partnershipId: string, status: AttendanceDraft['status']): Promise<AttendanceDraft[]> {
    return this.query<AttendanceDraft>(partnershipId, 'attendance', 'c.status = @s', [{ name: '@s', value: status }]);
  }

  private async query<T>(partnershipId: string, kind: OnlineRecordKind, where: string, parameters: { name: string; value: string }[]): Promise<T[]> {
    const { resources } = await this.container.items
      .query(
        {
          query: `SELECT * FROM c WHERE c.partnershipId = @pid AND c.type = @type AND ${where}`,
          parameters: [{ name: '@pid', value: partnershipId }, { name: '@type', value: ONLINE_DOC_TYPES[kind] }, ...parameters],
        },
        { partitionKey: partnershipId },
      )
      .fetchAll();
    return resources.map((r) => toDomain<T>(r));
  }
}
