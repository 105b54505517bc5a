import type { Container } from '@azure/cosmos';
import type { CarryForward, CarryForwardRepo } from '../../services/ports/consultations.js';
import { createOnce, replaceIfMatch, toDocument, toDomain } from './documents.js';

const TYPE = 'carry-forward';

/** Items for a body's next meeting live with the meetings. */
export class CosmosCarryForwardRepo implements CarryForwardRepo {
  constructor(private readonly container: Container) {}

  async add(item: CarryForward): Promise<void> {
    await createOnce(this.container, toDocument(item, TYPE));
  }

  async listOpen(partnershipId: string, bodyId: string): Promise<CarryForward[]> {
    const { resources } = await this.container.items
      .query(
        {
          query:
            'SELECT * FROM c WHERE c.partnershipId = @p AND c.type = @t AND c.bodyId = @b AND NOT IS_DEFINED(c.raisedAtMeetingId) ORDER BY c.createdAt',
          parameters: [{ name: '@p', value: partnershipId }, { name: '@t', value: TYPE }, { name: '@b', value: bodyId }],
        },
        { partitionKey: partnershipId },
      )
      .fetchAll();
    return resources.map((r) => toDomain<CarryForward>(r));
  }

  async markRaised(partnershipId: string, id: string, meetingId: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { resource } = await this.container.item(id, partnershipId).read();
      if (!resource || resource.type !== TYPE || resource.raisedAtMeetingId) return;
      const item = toDomain<CarryForward>(resource);
      if (await replaceIfMatch(this.container, { ...item, raisedAtMeetingId: meetingId }, TYPE)) return;
    }
    throw new Error(`carry-forward ${id} kept changing while being marked raised`);
  }
}
