import type { Container, ItemDefinition, SqlParameter } from '@azure/cosmos';
import { replaceIdentity, type StandIn } from '../../services/domain/data-protection.js';
import type { Person } from '../../services/domain/directory.js';
import type { AbsenceReview, Apology, AttendanceRecord, Meeting, RiskRegisterEntry } from '../../services/domain/meeting.js';
import type { MeetingQuery, MeetingRepo } from '../../services/ports/meetings.js';
import type { PersonalData } from '../../services/ports/personal-data.js';
import { createOnce, replaceIfMatch, toDocument, toDomain } from './documents.js';

/** Document types in the `meetings` container ('carry-forward' lives there too, see CosmosCarryForwardRepo). */
const TYPES = {
  meeting: 'meeting',
  apology: 'apology',
  register: 'register',
  review: 'absence-review',
  risk: 'risk-entry',
} as const;
type DocType = (typeof TYPES)[keyof typeof TYPES];

/** Meetings and what is recorded about them share the partnership's partition. */
export class CosmosMeetingRepo implements MeetingRepo {
  constructor(private readonly container: Container) {}

  createMeeting(m: Meeting) {
    return createOnce(this.container, toDocument(m, TYPES.meeting));
  }
  getMeeting(partnershipId: string, id: string) {
    return this.read<Meeting>(partnershipId, id, TYPES.meeting);
  }
  replaceMeeting(m: Meeting) {
    return replaceIfMatch(this.container, m, TYPES.meeting);
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
    return this.query<Meeting>(partnershipId, TYPES.meeting, where, parameters);
  }

  createApology(a: Apology) {
    return createOnce(this.container, toDocument(a, TYPES.apology));
  }
  getApology(partnershipId: string, id: string) {
    return this.read<Apology>(partnershipId, id, TYPES.apology);
  }
  replaceApology(a: Apology) {
    return replaceIfMatch(this.container, a, TYPES.apology);
  }
  listApologies(partnershipId: string, meetingIds: string[]) {
    if (meetingIds.length === 0) return Promise.resolve([]);
    return this.query<Apology>(partnershipId, TYPES.apology, ['ARRAY_CONTAINS(@m, c.meetingId)'], [{ name: '@m', value: meetingIds }]);
  }

  createRegister(r: AttendanceRecord) {
    return createOnce(this.container, toDocument(r, TYPES.register));
  }
  getRegister(partnershipId: string, id: string) {
    return this.read<AttendanceRecord>(partnershipId, id, TYPES.register);
  }
  replaceRegister(r: AttendanceRecord) {
    return replaceIfMatch(this.container, r, TYPES.register);
  }
  listRegisters(partnershipId: string, bodyIds?: string[]) {
    return bodyIds
      ? this.query<AttendanceRecord>(partnershipId, TYPES.register, ['ARRAY_CONTAINS(@b, c.bodyId)'], [{ name: '@b', value: bodyIds }])
      : this.query<AttendanceRecord>(partnershipId, TYPES.register);
  }

  createReview(r: AbsenceReview) {
    return createOnce(this.container, toDocument(r, TYPES.review));
  }
  getReview(partnershipId: string, id: string) {
    return this.read<AbsenceReview>(partnershipId, id, TYPES.review);
  }
  replaceReview(r: AbsenceReview) {
    return replaceIfMatch(this.container, r, TYPES.review);
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
    return this.query<AbsenceReview>(partnershipId, TYPES.review, where, parameters);
  }

  createRiskEntry(e: RiskRegisterEntry) {
    return createOnce(this.container, toDocument(e, TYPES.risk));
  }
  listRiskEntries(partnershipId: string) {
    return this.query<RiskRegisterEntry>(partnershipId, TYPES.risk);
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

type Doc = ItemDefinition & Record<string, unknown>;
const OURS = Object.values(TYPES) as string[];

/**
 * What the meetings store keeps about a person (answers, registers, reviews, risk entries) for
 * subject access and erasure. These are the board's governance record, so erasure keeps them and
 * puts the seat the person acted from in their place.
 */
export class MeetingsPersonalData implements PersonalData {
  readonly name = 'meetings';
  constructor(private readonly container: Container) {}

  async export(partnershipId: string, person: Person): Promise<unknown[]> {
    return (await this.find(partnershipId, person)).map((d) => ({ kind: d.type, ...toDomain(d, ['type', 'etag']) }));
  }

  async erase(partnershipId: string, person: Person, standIn: StandIn): Promise<number> {
    let changed = 0;
    for (const doc of await this.find(partnershipId, person)) {
      const type = String(doc.type);
      let current: (Record<string, unknown> & { id: string; partnershipId: string; etag?: string }) | undefined = toDomain(doc);
      for (let attempt = 0; attempt < 5 && current; attempt++) {
        const { id, partnershipId: pid, etag, ...fields } = current;
        const where = { ...(typeof fields.bodyId === 'string' ? { bodyId: fields.bodyId } : {}), ...(typeof fields.seatId === 'string' ? { seatId: fields.seatId } : {}) };
        const next = replaceIdentity(fields, person, standIn(where));
        if (!next.changed) break;
        if (await replaceIfMatch(this.container, { ...next.value, id, partnershipId: pid, etag }, type)) {
          changed++;
          break;
        }
        const { resource } = await this.container.item(doc.id!, partnershipId).read<Doc>();
        current = resource ? toDomain(resource) : undefined;
      }
    }
    return changed;
  }

  private async find(partnershipId: string, person: Person): Promise<Doc[]> {
    const { resources } = await this.container.items
      .query<Doc>(
        {
          query: 'SELECT * FROM c WHERE c.partnershipId = @pid AND ARRAY_CONTAINS(@types, c.type)',
          parameters: [{ name: '@pid', value: partnershipId }, { name: '@types', value: OURS }],
        },
        { partitionKey: partnershipId },
      )
      .fetchAll();
    return resources.filter((d) => replaceIdentity(toDomain(d, ['type', 'id', 'partnershipId', 'etag']), person, '').changed);
  }
}
