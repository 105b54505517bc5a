import type { Container, ItemDefinition } from '@azure/cosmos';
import { DELIVERY_RETENTION_SECONDS } from './containers.js';
import { isFinished, type Delivery, type DueDelivery, type OutboxRepo } from '../../services/ports/outbox.js';
import { isConflict, isNotFound, isPreconditionFailed } from './errors.js';

type DeliveryDoc = Omit<Delivery, 'etag'> & ItemDefinition;

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts', '_lsn'] as const;

/** Creates run this many at a time: enough to enqueue 2,000 in a few seconds, few enough not to flood the store. */
const ENQUEUE_CONCURRENCY = 16;

/**
 * The outbox container (partitioned by partnership). Claims and outcomes are ETag-guarded
 * replaces, so of two instances racing for one delivery exactly one wins.
 * `due` and `stale` query across partnerships: a cross-partition ORDER BY, which the SDK merges
 * from every partition and the embedded server supports too.
 */
export class CosmosOutboxRepo implements OutboxRepo {
  constructor(private readonly container: Container) {}

  async enqueue(deliveries: Delivery[]): Promise<number> {
    let created = 0;
    let next = 0;
    const worker = async () => {
      while (next < deliveries.length) {
        const delivery = deliveries[next++]!;
        try {
          await this.container.items.create(toDoc(delivery));
          created++;
        } catch (err) {
          if (!isConflict(err)) throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(ENQUEUE_CONCURRENCY, deliveries.length) }, worker));
    return created;
  }

  async due(now: Date, limit: number): Promise<DueDelivery[]> {
    // Every pending delivery has its card (only finishing drops it); IS_DEFINED keeps a damaged one from filling the page.
    const due = await this.query(
      'SELECT TOP @limit * FROM c WHERE c.status = @pending AND c.nextAttemptAt <= @now AND IS_DEFINED(c.card) ORDER BY c.nextAttemptAt',
      { '@limit': limit, '@pending': 'pending', '@now': now.toISOString() },
    );
    return due.filter((d): d is DueDelivery => d.card !== undefined);
  }

  async stale(before: Date, limit: number): Promise<Delivery[]> {
    return this.query('SELECT TOP @limit * FROM c WHERE c.status = @sending AND c.claimedAt < @before', {
      '@limit': limit,
      '@sending': 'sending',
      '@before': before.toISOString(),
    });
  }

  /** One delivery by id (the late-bounce job finds it from a report's Message-ID). */
  async get(partnershipId: string, id: string): Promise<Delivery | undefined> {
    try {
      const { resource } = await this.container.item(id, partnershipId).read<DeliveryDoc>();
      return resource && resource.partnershipId === partnershipId ? fromDoc(resource) : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async replaceIfUnchanged(delivery: Delivery): Promise<Delivery | undefined> {
    if (!delivery.etag) throw new Error(`replaceIfUnchanged needs the ETag of delivery ${delivery.id}`);
    try {
      const { resource } = await this.container
        .item(delivery.id, delivery.partnershipId)
        .replace<DeliveryDoc>(toDoc(delivery), { accessCondition: { type: 'IfMatch', condition: delivery.etag } });
      return resource ? fromDoc(resource) : undefined;
    } catch (err) {
      if (isPreconditionFailed(err) || isNotFound(err)) return undefined;
      throw err;
    }
  }

  async byBatch(partnershipId: string, batchId: string): Promise<Delivery[]> {
    const { resources } = await this.container.items
      .query<DeliveryDoc>(
        {
          query: 'SELECT * FROM c WHERE c.partnershipId = @p AND c.batchId = @b',
          parameters: [
            { name: '@p', value: partnershipId },
            { name: '@b', value: batchId },
          ],
        },
        { partitionKey: partnershipId },
      )
      .fetchAll();
    return resources.map(fromDoc);
  }

  private async query(query: string, params: Record<string, string | number>): Promise<Delivery[]> {
    const { resources } = await this.container.items
      .query<DeliveryDoc>({ query, parameters: Object.entries(params).map(([name, value]) => ({ name, value })) })
      .fetchAll();
    return resources.map(fromDoc);
  }
}

/** A finished delivery expires, and is stored without its card: it is never sent again, and the card was most of the record. */
function toDoc(delivery: Delivery): DeliveryDoc {
  const doc: Record<string, unknown> = { ...delivery };
  delete doc.etag;
  delete doc.ttl;
  if (isFinished(delivery.status)) {
    doc.ttl = DELIVERY_RETENTION_SECONDS;
    delete doc.card;
  }
  return doc as DeliveryDoc;
}

function fromDoc(doc: DeliveryDoc): Delivery {
  const copy: Record<string, unknown> = { ...doc };
  const etag = copy._etag;
  for (const field of SYSTEM_FIELDS) delete copy[field];
  return { ...(copy as unknown as Delivery), ...(typeof etag === 'string' ? { etag } : {}) };
}
