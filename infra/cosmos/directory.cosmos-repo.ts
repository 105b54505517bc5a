import type { Container } from '@azure/cosmos';
import { isConflict, isPreconditionFailed } from './errors.js';
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
    await this.container.items.upsert(docOf(partnership, savedBy));
  }

  async listVersioned(): Promise<{ partnership: Partnership; version: string }[]> {
    const { resources } = await this.container.items.query<DirectoryDoc & { _etag: string }>('SELECT * FROM c ORDER BY c.id').fetchAll();
    return resources.map((d) => ({ partnership: d.partnership, version: d._etag }));
  }

  async getVersioned(partnershipId: string): Promise<{ partnership: Partnership; version: string } | undefined> {
    const { resource } = await this.container.item(partnershipId, partnershipId).read<DirectoryDoc & { _etag: string }>();
    return resource ? { partnership: resource.partnership, version: resource._etag } : undefined;
  }

  async saveIfUnchanged(partnership: Partnership, savedBy: string, version: string | undefined): Promise<string | undefined> {
    try {
      const doc = docOf(partnership, savedBy);
      const { etag } =
        version === undefined
          ? await this.container.items.create(doc)
          : await this.container.item(partnership.id, partnership.id).replace(doc, { accessCondition: { type: 'IfMatch', condition: version } });
      return etag;
    } catch (err) {
      if (isConflict(err) || isPreconditionFailed(err)) return undefined;
      throw err;
    }
  }
}

function docOf(partnership: Partnership, savedBy: string): DirectoryDoc {
  return { id: partnership.id, partnershipId: partnership.id, partnership, savedBy, savedAt: new Date().toISOString() };
}
