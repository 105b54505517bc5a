import type { Container, SqlParameter } from '@azure/cosmos';
import type { AbsenceReview, Apology, AttendanceRecord, Meeting, RiskRegisterEntry } from '../../services/domain/meeting.js';
import type { MeetingQuery, MeetingRepo } from '../../services/ports/meetings.js';
import { createOnce, replaceIfMatch, toDocument, toDomain } from './documents.js';

/** Document types in the `meetings` container ('carry-forward' lives there too, see CosmosCarryForwardRepo). */
export const MEETING_DOC_TYPES = {
  meeting: 'meeting',
  apology: 'apology',
  register: 'register',
  review: 'absence-review',
  risk: 'risk-entry',
} as const;
type DocType = (typeof MEETING_DOC_TYPES)[keyof typeof MEETING_DOC_TYPES];

/** Meetings and what is recorded about them share the partnership's partition. */
export class CosmosMeetingRepo implements MeetingRepo {
  constructor(private readonly container: Container) {}

  createMeeting(m: Meeting) {
    return createOnce(this.container, toDocument(m, MEETING_DOC_TYPES.meeting));
  }
  getMeeting(partnershipId: string, id: string) {
    return this.read<Meeting>(partnershipId, id, MEETING_DOC_TYPES.meeting);
  }
  replaceMeeting(m: Meeting) {
    return replaceIfMatch(this.container, m, MEETING_DOC_TYPES.meeting);
  }
  listMeetings(partnershipId: string, q: MeetingQuery = {}) {
    const where: string[] = [];
    const parameters: SqlParameter[] = [];
    if (q.bodyIds) {
      where.push('ARRAY_CONTAINS(@bodies, c.bodyId)');
      parameters.push({ name: '@bodies', value: q.bodyIds });
    }
    if (q.statuses) {
      where.push('ARRAY_CONTAINS(@statuses, c.status)');
      parameters.push({ name: '@statuses', value: q.statuses });
    }
    if (q.from) {
      where.push('c.startsAt > @from');
      parameters.push({ name: '@from', value: q.from });
    }
    if (q.to) {
      where.push('c.startsAt <= @to');
      parameters.push({ name: '@to', value: q.to });
    }
    return this.query<Meeting>(partnershipId, MEETING_DOC_TYPES.meeting, where, parameters);
  }

  createApology(a: Apology) {
    return createOnce(this.container, toDocument(a, MEETING_DOC_TYPES.apology));
  }
  getApology(partnershipId: string, id: string) {
    return this.read<Apology>(partnershipId, id, MEETING_DOC_TYPES.apology);
  }
  replaceApology(a: Apology) {
    return replaceIfMatch(this.container, a, MEETING_DOC_TYPES.apology);
  }
  listApologies(partnershipId: string, meetingIds: string[]) {
    if (meetingIds.length === 0) return Promise.resolve([]);
    return this.query<Apology>(partnershipId, MEETING_DOC_TYPES.apology, ['ARRAY_CONTAINS(@m, c.meetingId)'], [{ name: '@m', value: meetingIds }]);
  }

  createRegister(r: AttendanceRecord) {
    return createOnce(this.container, toDocument(r, MEETING_DOC_TYPES.register));
  }
  getRegister(partnershipId: string, id: string) {
    return this.read<AttendanceRecord>(partnershipId, id, MEETING_DOC_TYPES.register);
  }
  replaceRegister(r: AttendanceRecord) {
    return replaceIfMatch(this.container, r, MEETING_DOC_TYPES.register);
  }
  listRegisters(partnershipId: string, bodyIds?: string[]) {
    return bodyIds
      ? this.query<AttendanceRecord>(partnershipId, MEETING_DOC_TYPES.register, ['ARRAY_CONTAINS(@b, c.bodyId)'], [{ name: '@b', value: bodyIds }])
      : this.query<AttendanceRecord>(partnershipId, MEETING_DOC_TYPES.register);
  }

  createReview(r: AbsenceReview) {
    return createOnce(this.container, toDocument(r, MEETING_DOC_TYPES.review));
  }
  getReview(partnershipId: string, id: string) {
    return this.read<AbsenceReview>(partnershipId, id, MEETING_DOC_TYPES.review);
  }
  replaceReview(r: AbsenceReview) {
    return replaceIfMatch(this.container, r, MEETING_DOC_TYPES.review);
  }
  listReviews(partnershipId: string, q: { status?: AbsenceReview['status']; bodyIds?: string[] } = {}) {
    const where: string[] = [];
    const parameters: SqlParameter[] = [];
    if (q.status) {
      where.push('c.status = @s');
      parameters.push({ name: '@s', value: q.status });
    }
    if (q.bodyIds) {
      where.push('ARRAY_CONTAINS(@b, c.bodyId)');
      parameters.push({ name: '@b', value: q.bodyIds });
    }
    return this.query<AbsenceReview>(partnershipId, MEETING_DOC_TYPES.review, where, parameters);
  }

  createRiskEntry(e: RiskRegisterEntry) {
    return createOnce(this.container, toDocument(e, MEETING_DOC_TYPES.risk));
  }
  listRiskEntries(partnershipId: string) {
    return this.query<RiskRegisterEntry>(partnershipId, MEETING_DOC_TYPES.risk);
  }

  private async read<T>(partnershipId: string, id: string, type: DocType): Promise<T | undefined> {
    const { resource } = await this.container.item(id, partnershipId).read();
    return resource && resource.type === type ? toDomain<T>(resource) : undefined;
  }

  private async query<T>(partnershipId: string, type: DocType, where: string[] = [], parameters: SqlParameter[] = []): Promise<T[]> {
    const { resources } = await this.container.items
      .query(
        {
          // The partition key option scopes the query in Cosmos; the filter says the same for any store.
          query: `SELECT * FROM c WHERE ${['c.partnershipId = @pid', 'c.type = @type', ...where].join(' AND ')}`,
          parameters: [{ name: '@pid', value: partnershipId }, { name: '@type', value: type }, ...parameters],
        },
        { partitionKey: partnershipId },
      )
      .fetchAll();
    return resources.map((r) => toDomain<T>(r));
  }
}

