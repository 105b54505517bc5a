import type { Container } from '@azure/cosmos';
import type { CarryForward, CarryForwardRepo } from '../../services/ports/consultations.js';
import { createOnce, toDocument, toDomain } from './documents.js';

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
          query: 'SELECT * FROM c WHERE c.type = @t AND c.bodyId = @b AND NOT IS_DEFINED(c.raisedAtMeetingId) ORDER BY c.createdAt',
          parameters: [{ name: '@t', value: TYPE }, { name: '@b', value: bodyId }],
        },
        { partitionKey: partnershipId },
      )
      .fetchAll();
    return resources.map((r) => toDomain<CarryForward>(r));
  }
}
