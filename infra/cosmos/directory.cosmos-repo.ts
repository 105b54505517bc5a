import type { Container } from '@azure/cosmos';
import type { Partnership } from '../../services/domain/directory.js';
import type { DirectoryRepo } from '../../services/ports/repositories.js';

interface DirectoryDoc {
  id: string;
  partnershipId: string;
  partnership: Partnership;
  savedBy: string;
  savedAt: string;
}

export class CosmosDirectoryRepo implements DirectoryRepo {
  constructor(private readonly container: Container) {}

  async get(partnershipId: string): Promise<Partnership | undefined> {
    const { resource } = await this.container.item(partnershipId, partnershipId).read<DirectoryDoc>();
    return resource?.partnership;
  }

  async list(): Promise<Partnership[]> {
    const { resources } = await this.container.items
      .query<DirectoryDoc>('SELECT * FROM c ORDER BY c.id')
      .fetchAll();
    return resources.map((d) => d.partnership);
  }

  async save(partnership: Partnership, savedBy: string): Promise<void> {
    const doc: DirectoryDoc = {
      id: partnership.id,
      partnershipId: partnership.id,
      partnership,
      savedBy,
      savedAt: new Date().toISOString(),
    };
    await this.container.items.upsert(doc);
  }
}
