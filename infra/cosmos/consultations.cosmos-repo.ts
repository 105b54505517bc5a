import type { Container, SqlQuerySpec } from '@azure/cosmos';
import type { AgencyAnswer, Consultation } from '../../services/domain/consultation.js';
import type { ConsultationRepo } from '../../services/ports/consultations.js';
import { createOnce, inBatches, replaceIfMatch, toDocument, toDomain } from './documents.js';

const CONSULTATION = 'consultation';
const ANSWER = 'answer';

/** Consultations and their agency answers share the partnership's partition: one query reads a tally. */
export class CosmosConsultationRepo implements ConsultationRepo {
  constructor(private readonly container: Container) {}

  create(c: Consultation): Promise<boolean> {
    return createOnce(this.container, toDocument(c, CONSULTATION));
  }

  async get(partnershipId: string, id: string): Promise<Consultation | undefined> {
    const { resource } = await this.container.item(id, partnershipId).read();
    return resource && resource.type === CONSULTATION ? toDomain<Consultation>(resource) : undefined;
  }

  async getByRef(partnershipId: string, ref: string): Promise<Consultation | undefined> {
    const [found] = await this.query<Consultation>(
      { query: 'SELECT * FROM c WHERE c.type = @t AND c.ref = @ref', parameters: [{ name: '@t', value: CONSULTATION }, { name: '@ref', value: ref }] },
      partnershipId,
    );
    return found;
  }

  replaceIfUnchanged(c: Consultation): Promise<Consultation | undefined> {
    return replaceIfMatch(this.container, c, CONSULTATION);
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
        query: 'SELECT * FROM c WHERE c.type = @t AND ARRAY_CONTAINS(@b, c.bodyId) AND ARRAY_CONTAINS(@s, c.status)',
        parameters: [{ name: '@t', value: CONSULTATION }, { name: '@b', value: bodyIds }, { name: '@s', value: statuses }],
      },
      partnershipId,
    );
  }

  async createAnswers(answers: AgencyAnswer[]): Promise<void> {
    await inBatches(answers, 8, (a) => createOnce(this.container, toDocument(a, ANSWER)));
  }

  async getAnswer(partnershipId: string, consultationId: string, agencyId: string): Promise<AgencyAnswer | undefined> {
    const { resource } = await this.container.item(`${consultationId}:${agencyId}`, partnershipId).read();
    return resource && resource.type === ANSWER ? toDomain<AgencyAnswer>(resource) : undefined;
  }

  replaceAnswerIfUnchanged(answer: AgencyAnswer): Promise<AgencyAnswer | undefined> {
    return replaceIfMatch(this.container, answer, ANSWER);
  }

  listAnswers(partnershipId: string, consultationId: string): Promise<AgencyAnswer[]> {
    return this.query<AgencyAnswer>(
      {
        query: 'SELECT * FROM c WHERE c.type = @t AND c.consultationId = @c',
        parameters: [{ name: '@t', value: ANSWER }, { name: '@c', value: consultationId }],
      },
      partnershipId,
    );
  }

  private async query<T>(spec: SqlQuerySpec, partitionKey?: string): Promise<T[]> {
    const { resources } = await this.container.items.query(spec, partitionKey ? { partitionKey } : {}).fetchAll();
    return resources.map((r) => toDomain<T>(r));
  }
}
