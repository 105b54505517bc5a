import type { Container, SqlParameter } from '@azure/cosmos';
import type { AgencyReturn, ReturnKind, ReturnRound } from '../../services/domain/returns.js';
import type { ReturnsRepo, SubmittedFigures } from '../../services/ports/returns.js';
import { createOnce, inBatches, replaceIfMatch, toDocument, toDomain } from './documents.js';
import { isNotFound } from './errors.js';

const ROUND = 'return-round';
const RETURN = 'agency-return';
/** The document types of the `returns` container (personal data reads them). */
export const RETURN_DOC_TYPES = { round: ROUND, return: RETURN } as const;
const CREATE_CONCURRENCY = 16;

/**
 * The `returns` container (partitioned by partnership): rounds (`type` 'return-round') and one return
 * per owing agency (`type` 'agency-return', id `${roundId}:${agencyId}`). Every query states the
 * partnership as well as the partition key, since the embedded server does not scope by key.
 */
export class CosmosReturnsRepo implements ReturnsRepo {
  constructor(private readonly container: Container) {}

  createRound(round: ReturnRound): Promise<boolean> {
    return createOnce(this.container, toDocument(round, ROUND));
  }

  getRound(partnershipId: string, id: string): Promise<ReturnRound | undefined> {
    return this.read<ReturnRound>(partnershipId, id, ROUND);
  }

  replaceRoundIfUnchanged(round: ReturnRound): Promise<ReturnRound | undefined> {
    return replaceIfMatch(this.container, round, ROUND);
  }

  async listRounds(partnershipId: string, kind?: ReturnKind): Promise<ReturnRound[]> {
    const rounds = await this.query<ReturnRound>(partnershipId, `SELECT * FROM c WHERE c.partnershipId = @p AND c.type = @t${kind ? ' AND c.kind = @k' : ''}`, {
      '@t': ROUND,
      ...(kind ? { '@k': kind } : {}),
    });
    return rounds.sort((a, b) => b.period.localeCompare(a.period) || a.kind.localeCompare(b.kind));
  }

  listUnsummarised(partnershipId: string): Promise<ReturnRound[]> {
    return this.query(partnershipId, 'SELECT * FROM c WHERE c.partnershipId = @p AND c.type = @t AND NOT IS_DEFINED(c.summarisedAt)', { '@t': ROUND });
  }

  async createReturns(returns: AgencyReturn[]): Promise<void> {
    await inBatches(returns, CREATE_CONCURRENCY, (r) => createOnce(this.container, toDocument(r, RETURN)));
  }

  getReturn(partnershipId: string, id: string): Promise<AgencyReturn | undefined> {
    return this.read<AgencyReturn>(partnershipId, id, RETURN);
  }

  replaceReturnIfUnchanged(r: AgencyReturn): Promise<AgencyReturn | undefined> {
    return replaceIfMatch(this.container, r, RETURN);
  }

  listReturns(partnershipId: string, roundIds: string[]): Promise<AgencyReturn[]> {
    if (roundIds.length === 0) return Promise.resolve([]);
    return this.query(partnershipId, 'SELECT * FROM c WHERE c.partnershipId = @p AND c.type = @t AND ARRAY_CONTAINS(@rounds, c.roundId)', { '@t': RETURN, '@rounds': roundIds });
  }

  listSubmittedFigures(partnershipId: string, roundIds: string[]): Promise<SubmittedFigures[]> {
    if (roundIds.length === 0) return Promise.resolve([]);
    return this.query(
      partnershipId,
      'SELECT c.id, c.roundId, c.agencyId, c.status, c.figures FROM c WHERE c.partnershipId = @p AND c.type = @t AND c.status = @s AND ARRAY_CONTAINS(@rounds, c.roundId)',
      { '@t': RETURN, '@s': 'submitted', '@rounds': roundIds },
    );
  }

  private async read<T>(partnershipId: string, id: string, type: string): Promise<T | undefined> {
    try {
      const { resource } = await this.container.item(id, partnershipId).read();
      return resource && resource.type === type && resource.partnershipId === partnershipId ? toDomain<T>(resource) : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async query<T>(partnershipId: string, text: string, params: Record<string, unknown>): Promise<T[]> {
    const parameters = Object.entries({ ...params, '@p': partnershipId }).map(([name, value]) => ({ name, value }) as SqlParameter);
    const { resources } = await this.container.items.query({ query: text, parameters }, { partitionKey: partnershipId }).fetchAll();
    return resources.map((r) => toDomain<T>(r));
  }
}
