import type { Container, SqlQuerySpec } from '@azure/cosmos';
import type { AgencyAnswer, Consultation } from '../../services/domain/consultation.js';
import type { ConsultationRepo } from '../../services/ports/consultations.js';
import { SharedLoads } from '../../services/shared-loads.js';
import { createOnce, deepFreeze, inBatches, replaceIfMatch, toDocument, toDomain } from './documents.js';

const CONSULTATION = 'consultation';
const ANSWER = 'answer';
/** Cache key of a consultation or an answer: ids are unique only within a partnership. */
const keyOf = (partnershipId: string, id: string) => `${partnershipId}|${id}`;

/**
 * Consultations and their agency answers share the partnership's partition: one query reads a tally.
 * Every answer reads its consultation, which changes only when it opens or closes, so reads are
 * cached for a few seconds; whether it still takes answers is decided by its deadline, not by a
 * status another instance may just have changed. The last copy of each answer this instance read or
 * wrote is kept too, for callers that will write conditionally on its ETag (`maybeStale`).
 * The consultations and answers it keeps are frozen, so they are handed out as they are, not cloned.
 */
export class CosmosConsultationRepo implements ConsultationRepo {
  private readonly recent: SharedLoads<Consultation | undefined>;
  private readonly answers = new Map<string, AgencyAnswer>();

  constructor(
    private readonly container: Container,
    cacheMs = 2_000,
  ) {
    // Callers that miss the cache together (everyone answering just after a send) share one read.
    this.recent = new SharedLoads({ maxEntries: 1000, maxAgeMs: cacheMs, keep: (c) => c !== undefined });
  }

  create(c: Consultation): Promise<boolean> {
    return createOnce(this.container, toDocument(c, CONSULTATION));
  }

  get(partnershipId: string, id: string): Promise<Consultation | undefined> {
    return this.recent.get(keyOf(partnershipId, id), async () => {
      const { resource } = await this.container.item(id, partnershipId).read();
      return resource && resource.type === CONSULTATION ? deepFreeze(toDomain<Consultation>(resource)) : undefined;
    });
  }

  async getByRef(partnershipId: string, ref: string): Promise<Consultation | undefined> {
    const [found] = await this.query<Consultation>(
      {
        query: 'SELECT * FROM c WHERE c.partnershipId = @p AND c.type = @t AND c.ref = @ref',
        parameters: [{ name: '@p', value: partnershipId }, { name: '@t', value: CONSULTATION }, { name: '@ref', value: ref }],
      },
      partnershipId,
    );
    return found;
  }

  async replaceIfUnchanged(c: Consultation): Promise<Consultation | undefined> {
    const key = keyOf(c.partnershipId, c.id);
    this.recent.delete(key);
    const stored = deepFreeze(await replaceIfMatch(this.container, c, CONSULTATION));
    if (stored) this.recent.set(key, stored);
    return stored;
  }

  listByStatus(statuses: Consultation['status'][]): Promise<Consultation[]> {
    return this.query<Consultation>({
      query: 'SELECT * FROM c WHERE c.type = @t AND ARRAY_CONTAINS(@s, c.status)',
      parameters: [{ name: '@t', value: CONSULTATION }, { name: '@s', value: statuses }],
    });
  }

  listForBodies(partnershipId: string, bodyIds: string[], statuses: Consultation['status'][]): Promise<Consultation[]> {
    return this.query<Consultation>(
      {
        query: 'SELECT * FROM c WHERE c.partnershipId = @p AND c.type = @t AND ARRAY_CONTAINS(@b, c.bodyId) AND ARRAY_CONTAINS(@s, c.status)',
        parameters: [{ name: '@p', value: partnershipId }, { name: '@t', value: CONSULTATION }, { name: '@b', value: bodyIds }, { name: '@s', value: statuses }],
      },
      partnershipId,
    );
  }

  /** TOP 1 by creation, newest first: one document comes back, and Cosmos DB reads the createdAt index in order. */
  async latestForBodies(partnershipId: string, bodyIds: string[], statuses: Consultation['status'][]): Promise<Consultation | undefined> {
    const [latest] = await this.query<Consultation>(
      {
        query:
          'SELECT TOP 1 * FROM c WHERE c.partnershipId = @p AND c.type = @t AND ARRAY_CONTAINS(@b, c.bodyId) AND ARRAY_CONTAINS(@s, c.status) ORDER BY c.createdAt DESC',
        parameters: [{ name: '@p', value: partnershipId }, { name: '@t', value: CONSULTATION }, { name: '@b', value: bodyIds }, { name: '@s', value: statuses }],
      },
      partnershipId,
    );
    return latest;
  }

  async createAnswers(answers: AgencyAnswer[]): Promise<void> {
    await inBatches(answers, 8, (a) => createOnce(this.container, toDocument(a, ANSWER)));
  }

  async getAnswer(partnershipId: string, consultationId: string, agencyId: string, options: { maybeStale?: boolean } = {}): Promise<AgencyAnswer | undefined> {
    const id = `${consultationId}:${agencyId}`;
    const kept = options.maybeStale ? this.answers.get(keyOf(partnershipId, id)) : undefined;
    if (kept) return kept;
    const { resource } = await this.container.item(id, partnershipId).read();
    const answer = resource && resource.type === ANSWER ? deepFreeze(toDomain<AgencyAnswer>(resource)) : undefined;
    if (answer) this.keepAnswer(answer);
    return answer;
  }

  async replaceAnswerIfUnchanged(answer: AgencyAnswer): Promise<AgencyAnswer | undefined> {
    const stored = deepFreeze(await replaceIfMatch(this.container, answer, ANSWER));
    if (stored) this.keepAnswer(stored);
    else this.answers.delete(keyOf(answer.partnershipId, answer.id));
    return stored;
  }

  private keepAnswer(answer: AgencyAnswer) {
    if (this.answers.size >= 5000) this.answers.clear();
    this.answers.set(keyOf(answer.partnershipId, answer.id), answer);
  }

  listAnswers(partnershipId: string, consultationId: string): Promise<AgencyAnswer[]> {
    return this.query<AgencyAnswer>(
      {
        query: 'SELECT * FROM c WHERE c.partnershipId = @p AND c.type = @t AND c.consultationId = @c',
        parameters: [{ name: '@p', value: partnershipId }, { name: '@t', value: ANSWER }, { name: '@c', value: consultationId }],
      },
      partnershipId,
    );
  }

  /** Partition-scoped queries also filter on partnershipId: the embedded server ignores the partition key option. */
  private async query<T>(spec: SqlQuerySpec, partitionKey?: string): Promise<T[]> {
    const { resources } = await this.container.items.query(spec, partitionKey ? { partitionKey } : {}).fetchAll();
    return resources.map((r) => toDomain<T>(r));
  }
}
