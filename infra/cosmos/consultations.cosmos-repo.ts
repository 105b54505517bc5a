import type { Container, SqlQuerySpec } from '@azure/cosmos';
import type { AgencyAnswer, Consultation } from '../../services/domain/consultation.js';
import type { ConsultationRepo } from '../../services/ports/consultations.js';
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
  private readonly recent = new Map<string, { at: number; value: Promise<Consultation | undefined> }>();
  private readonly answers = new Map<string, AgencyAnswer>();

  constructor(
    private readonly container: Container,
    private readonly cacheMs = 2_000,
  ) {}

  create(c: Consultation): Promise<boolean> {
    return createOnce(this.container, toDocument(c, CONSULTATION));
  }

  /**
   * Callers that miss the cache together (everyone answering just after a send) share one read. A
   * write replaces the entry, so a read it overtook is not kept; a read that fails or finds nothing is not kept either.
   */
  get(partnershipId: string, id: string): Promise<Consultation | undefined> {
    const key = keyOf(partnershipId, id);
    const hit = this.recent.get(key);
    if (hit && Date.now() - hit.at < this.cacheMs) return hit.value;
    const entry = { at: Date.now(), value: this.read(partnershipId, id) };
    const forget = () => {
      if (this.recent.get(key) === entry) this.recent.delete(key);
    };
    entry.value.then((found) => found ?? forget(), forget);
    this.remember(key, entry);
    return entry.value;
  }

  private async read(partnershipId: string, id: string): Promise<Consultation | undefined> {
    const { resource } = await this.container.item(id, partnershipId).read();
    return resource && resource.type === CONSULTATION ? deepFreeze(toDomain<Consultation>(resource)) : undefined;
  }

  private remember(key: string, entry: { at: number; value: Promise<Consultation | undefined> }) {
    if (this.recent.size > 1000) this.recent.clear();
    this.recent.set(key, entry);
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
    if (stored) this.remember(key, { at: Date.now(), value: Promise.resolve(stored) });
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
