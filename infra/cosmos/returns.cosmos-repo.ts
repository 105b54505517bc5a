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

  /** One scan of the container for the data-set view (the embedded server reads every document per query). */
  async listDataSet(partnershipId: string, year?: string): Promise<{ rounds: ReturnRound[]; figures: SubmittedFigures[] }> {
    const docs = await this.query<(ReturnRound & { type: string }) | (SubmittedFigures & { type: string })>(
      partnershipId,
      `SELECT * FROM c WHERE c.partnershipId = @p AND c.kind = @k AND (c.type = @round OR (c.type = @t AND c.status = @s))${year ? ' AND STARTSWITH(c.period, @y)' : ''}`,
      { '@k': 'data-set', '@round': ROUND, '@t': RETURN, '@s': 'submitted', ...(year ? { '@y': `${year}-` } : {}) },
      [],
    );
    const rounds = docs.filter((d): d is ReturnRound & { type: string } => d.type === ROUND).map(({ type: _type, ...r }) => r as ReturnRound);
    const figures = docs
      .filter((d): d is SubmittedFigures & { type: string } => d.type === RETURN)
      .map((r) => ({ id: r.id, roundId: r.roundId, agencyId: r.agencyId, status: r.status, figures: r.figures }));
    return { rounds: rounds.sort((a, b) => b.period.localeCompare(a.period)), figures };
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

  /** `omit`: the fields to leave out (by default the system fields and the document type). */
  private async query<T>(partnershipId: string, text: string, params: Record<string, unknown>, omit?: string[]): Promise<T[]> {
    const parameters = Object.entries({ ...params, '@p': partnershipId }).map(([name, value]) => ({ name, value }) as SqlParameter);
    // One page: the embedded server re-runs the whole query for every page, so paging a thousand returns 100 at a time scanned the container ten times.
    const { resources } = await this.container.items.query({ query: text, parameters }, { partitionKey: partnershipId, maxItemCount: -1 }).fetchAll();
    return resources.map((r) => toDomain<T>(r, omit));
  }
}
