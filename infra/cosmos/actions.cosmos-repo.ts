import type { Container, SqlParameter, SqlQuerySpec } from '@azure/cosmos';
import type { ActionItem } from '../../services/domain/action.js';
import type { PolicyDocument } from '../../services/domain/policy-document.js';
import type { ActionRepo, PolicyRepo } from '../../services/ports/actions.js';
import { createOnce, inBatches, replaceIfMatch, toDocument, toDomain } from './documents.js';
import { isNotFound } from './errors.js';

export const ACTION_DOC_TYPE = 'action';
export const POLICY_DOC_TYPE = 'policy';
const ACTION = ACTION_DOC_TYPE;
const POLICY = POLICY_DOC_TYPE;
const CREATE_CONCURRENCY = 16;

/**
 * The `actions` container (partitioned by partnership) holds the action register (`type` 'action')
 * and the policy register (`type` 'policy'). Every query stays in one partnership's partition. The
 * chase sweep filters on `nextChaseOn`, a plain 'YYYY-MM-DD' string under the default range index,
 * so it reads only the items with a reminder due, however large the register grows. Progress notes
 * and descriptions are not indexed (containers.ts).
 */
export class CosmosActionRepo implements ActionRepo {
  constructor(private readonly container: Container) {}

  create(a: ActionItem): Promise<boolean> {
    return createOnce(this.container, toDocument(a, ACTION));
  }

  async createMany(actions: ActionItem[]): Promise<number> {
    let created = 0;
    await inBatches(actions, CREATE_CONCURRENCY, async (a) => {
      if (await createOnce(this.container, toDocument(a, ACTION))) created++;
    });
    return created;
  }

  get(partnershipId: string, id: string): Promise<ActionItem | undefined> {
    return readTyped<ActionItem>(this.container, partnershipId, id, ACTION);
  }

  async getByRef(partnershipId: string, ref: string): Promise<ActionItem | undefined> {
    // Refs are stored as written and matched whatever the case people type them in.
    const found = await query<ActionItem>(this.container, partnershipId, 'SELECT * FROM c WHERE c.type = @t AND LOWER(c.ref) = @ref', {
      '@t': ACTION,
      '@ref': ref.toLowerCase(),
    });
    return found[0];
  }

  findByRefs(partnershipId: string, refs: string[]): Promise<Pick<ActionItem, 'id' | 'ref'>[]> {
    return query(this.container, partnershipId, 'SELECT c.id, c.ref FROM c WHERE c.type = @t AND ARRAY_CONTAINS(@refs, LOWER(c.ref))', {
      '@t': ACTION,
      '@refs': [...new Set(refs.map((r) => r.toLowerCase()))],
    });
  }

  replaceIfUnchanged(a: ActionItem): Promise<ActionItem | undefined> {
    return replaceIfMatch(this.container, a, ACTION);
  }

  chaseDue(partnershipId: string, day: string): Promise<ActionItem[]> {
    return query(this.container, partnershipId, 'SELECT * FROM c WHERE c.type = @t AND c.status = @open AND c.nextChaseOn <= @day', {
      '@t': ACTION,
      '@open': 'open',
      '@day': day,
    });
  }

  listOpenForLeadKeys(partnershipId: string, leadKeys: string[]): Promise<ActionItem[]> {
    if (leadKeys.length === 0) return Promise.resolve([]);
    const params: Record<string, unknown> = { '@t': ACTION, '@open': 'open' };
    const any = leadKeys.map((key, i) => {
      params[`@k${i}`] = key;
      return `ARRAY_CONTAINS(c.leadKeys, @k${i})`;
    });
    return query(this.container, partnershipId, `SELECT * FROM c WHERE c.type = @t AND c.status = @open AND (${any.join(' OR ')})`, params);
  }

  listForBody(partnershipId: string, bodyId: string, completedSince?: string): Promise<ActionItem[]> {
    return completedSince
      ? query(
          this.container,
          partnershipId,
          'SELECT * FROM c WHERE c.type = @t AND c.bodyId = @b AND (c.status = @open OR (c.status = @complete AND c.completedAt >= @since))',
          { '@t': ACTION, '@b': bodyId, '@open': 'open', '@complete': 'complete', '@since': completedSince },
        )
      : query(this.container, partnershipId, 'SELECT * FROM c WHERE c.type = @t AND c.bodyId = @b AND c.status = @open', {
          '@t': ACTION,
          '@b': bodyId,
          '@open': 'open',
        });
  }
}

export class CosmosPolicyRepo implements PolicyRepo {
  constructor(private readonly container: Container) {}

  async createMany(policies: PolicyDocument[]): Promise<number> {
    let created = 0;
    await inBatches(policies, CREATE_CONCURRENCY, async (p) => {
      if (await createOnce(this.container, toDocument(p, POLICY))) created++;
    });
    return created;
  }

  get(partnershipId: string, id: string): Promise<PolicyDocument | undefined> {
    return readTyped<PolicyDocument>(this.container, partnershipId, id, POLICY);
  }

  replaceIfUnchanged(p: PolicyDocument): Promise<PolicyDocument | undefined> {
    return replaceIfMatch(this.container, p, POLICY);
  }

  chaseDue(partnershipId: string, day: string): Promise<PolicyDocument[]> {
    return query(this.container, partnershipId, 'SELECT * FROM c WHERE c.type = @t AND c.status = @current AND c.nextChaseOn <= @day', {
      '@t': POLICY,
      '@current': 'current',
      '@day': day,
    });
  }

  listCurrent(partnershipId: string, reviewBy?: string): Promise<PolicyDocument[]> {
    return reviewBy
      ? query(
          this.container,
          partnershipId,
          'SELECT * FROM c WHERE c.type = @t AND c.status = @current AND c.reviewDate <= @by ORDER BY c.reviewDate',
          { '@t': POLICY, '@current': 'current', '@by': reviewBy },
        )
      : query(this.container, partnershipId, 'SELECT * FROM c WHERE c.type = @t AND c.status = @current ORDER BY c.reviewDate', {
          '@t': POLICY,
          '@current': 'current',
        });
  }
}


async function readTyped<T>(container: Container, partnershipId: string, id: string, type: string): Promise<T | undefined> {
  try {
    const { resource } = await container.item(id, partnershipId).read();
    return resource && resource.type === type ? toDomain<T>(resource) : undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * A query inside one partnership's partition. The filter on partnershipId is stated as well as the
 * partition key: it costs nothing in Cosmos, and the embedded server does not scope queries by key.
 */
async function query<T>(container: Container, partitionKey: string, text: string, params: Record<string, unknown>): Promise<T[]> {
  if (!text.includes(' WHERE ')) throw new Error(`query without a WHERE clause: ${text}`);
  const spec: SqlQuerySpec = {
    query: text.replace(' WHERE ', ' WHERE c.partnershipId = @pk AND '),
    parameters: Object.entries({ ...params, '@pk': partitionKey }).map(([name, value]) => ({ name, value }) as SqlParameter),
  };
  const { resources } = await container.items.query(spec, { partitionKey }).fetchAll();
  return resources.map((r) => toDomain<T>(r));
}
