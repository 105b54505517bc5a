import type { Container } from '@azure/cosmos';
import type { ConversationRefRepo, StoredConversation } from '../../services/ports/repositories.js';

type ConversationDoc = StoredConversation & { id: string };

const idOf = (aadObjectId: string) => aadObjectId.toLowerCase();

export class CosmosConversationRefRepo implements ConversationRefRepo {
  constructor(private readonly container: Container) {}

  async save(entry: StoredConversation): Promise<void> {
    const doc: ConversationDoc = { ...entry, id: idOf(entry.aadObjectId) };
    delete doc.unreachable;
    await this.container.items.upsert(doc);
  }

  async get(partnershipId: string, aadObjectId: string): Promise<StoredConversation | undefined> {
    const { resource } = await this.container.item(idOf(aadObjectId), partnershipId).read<ConversationDoc>();
    return resource ? strip(resource) : undefined;
  }

  async list(partnershipId: string): Promise<StoredConversation[]> {
    const { resources } = await this.container.items
      .query<ConversationDoc>(
        { query: 'SELECT * FROM c WHERE c.partnershipId = @p', parameters: [{ name: '@p', value: partnershipId }] },
        { partitionKey: partnershipId },
      )
      .fetchAll();
    return resources.map(strip);
  }

  async markUnreachable(partnershipId: string, aadObjectId: string, reason: 'blocked' | 'uninstalled'): Promise<void> {
    await this.container
      .item(idOf(aadObjectId), partnershipId)
      .patch([{ op: 'set', path: '/unreachable', value: reason }]);
  }
}

function strip(doc: ConversationDoc): StoredConversation {
  const { partnershipId, aadObjectId, reference, updatedAt, unreachable } = doc;
  return { partnershipId, aadObjectId, reference, updatedAt, ...(unreachable ? { unreachable } : {}) };
}
