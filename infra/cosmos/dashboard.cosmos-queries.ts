import type { Container, SqlParameter } from '@azure/cosmos';
import type { AgencyAnswer, Consultation } from '../../services/domain/consultation.js';
import type { PolicyDocument } from '../../services/domain/policy-document.js';
import type { ActionQueries, ConsultationQueries, DashboardActionItem, DeliveryFact, DeliveryQueries } from '../../services/ports/dashboard.js';
import type { DeliveryStatus } from '../../services/ports/outbox.js';
import { toDomain } from './documents.js';

/** The dashboard's consultation reads: one query for the consultations, one for all their answers. */
export class CosmosConsultationQueries implements ConsultationQueries {
  constructor(private readonly container: Container) {}

  async consultations(
    partnershipId: string,
    bodyIds: string[],
    opts: { statuses: Consultation['status'][]; deadlineFrom?: string; deadlineTo?: string },
  ): Promise<Consultation[]> {
    if (bodyIds.length === 0) return [];
    const where = ['c.type = @t', 'ARRAY_CONTAINS(@b, c.bodyId)', 'ARRAY_CONTAINS(@s, c.status)'];
    const parameters: SqlParameter[] = [
      { name: '@t', value: 'consultation' },
      { name: '@b', value: bodyIds },
      { name: '@s', value: opts.statuses },
    ];
    if (opts.deadlineFrom) {
      where.push('c.deadline >= @from');
      parameters.push({ name: '@from', value: opts.deadlineFrom });
    }
    if (opts.deadlineTo) {
      where.push('c.deadline < @to');
      parameters.push({ name: '@to', value: opts.deadlineTo });
    }
    const { resources } = await this.container.items
      .query({ query: `SELECT * FROM c WHERE ${where.join(' AND ')}`, parameters }, { partitionKey: partnershipId, maxItemCount: -1 })
      .fetchAll();
    return resources.map((r) => toDomain<Consultation>(r));
  }

  async answers(partnershipId: string, consultationIds: string[]): Promise<AgencyAnswer[]> {
    if (consultationIds.length === 0) return [];
    // The change history and comments are not shown, so they are not read.
    const { resources } = await this.container.items
      .query(
        {
          query:
            'SELECT c.id, c.partnershipId, c.consultationId, c.agencyId, c.required, c.votes, c.choice, c.answeredBy, c.answeredAs, c.seatId, ' +
            'c.reason, c.comment, c.answeredAt, c.signOff, c.conflicts FROM c WHERE c.type = @t AND ARRAY_CONTAINS(@ids, c.consultationId)',
          parameters: [
            { name: '@t', value: 'answer' },
            { name: '@ids', value: consultationIds },
          ],
        },
        { partitionKey: partnershipId, maxItemCount: -1 },
      )
      .fetchAll();
    return resources.map((r) => {
      const answer = toDomain<AgencyAnswer>(r, []);
      return { ...answer, history: [], comments: [], conflicts: answer.conflicts ?? [] };
    });
  }
}

/**
 * The dashboard's action reads: one query over every body, reading only the fields it shows (not the
 * progress history). Documents as CosmosActionRepo and CosmosPolicyRepo store them (types 'action', 'policy').
 */
export class CosmosActionQueries implements ActionQueries {
  constructor(private readonly container: Container) {}

  async actions(partnershipId: string, bodyIds: string[], completedSince: string): Promise<DashboardActionItem[]> {
    if (bodyIds.length === 0) return [];
    const { resources } = await this.container.items
      .query<DashboardActionItem>(
        {
          query:
            'SELECT c.id, c.ref, c.source, c.description, c.bodyId, c.leads, c.dueDate, c.rag, c.status, c.confidential, c.viewers FROM c ' +
            "WHERE c.type = 'action' AND ARRAY_CONTAINS(@b, c.bodyId) AND (c.status = 'open' OR c.completedAt >= @since)",
          parameters: [
            { name: '@b', value: bodyIds },
            { name: '@since', value: completedSince },
          ],
        },
        { partitionKey: partnershipId, maxItemCount: -1 },
      )
      .fetchAll();
    return resources;
  }

  async policies(partnershipId: string): Promise<PolicyDocument[]> {
    const { resources } = await this.container.items
      .query({ query: "SELECT * FROM c WHERE c.type = 'policy' AND c.status = 'current'" }, { partitionKey: partnershipId, maxItemCount: -1 })
      .fetchAll();
    return resources.map((r) => toDomain<PolicyDocument>(r));
  }
}

/** The outbox's deliveries of some batches, for each member's delivery state: one query, without the cards. */
export class CosmosDeliveryQueries implements DeliveryQueries {
  constructor(private readonly container: Container) {}

  async deliveries(partnershipId: string, batchIds: string[]): Promise<DeliveryFact[]> {
    if (batchIds.length === 0) return [];
    const { resources } = await this.container.items
      .query<{ batchId: string; recipientAad: string; channel?: 'email'; status: DeliveryStatus }>(
        {
          query: 'SELECT c.batchId, c.recipientAad, c.channel, c.status FROM c WHERE c.partnershipId = @p AND ARRAY_CONTAINS(@b, c.batchId)',
          parameters: [
            { name: '@p', value: partnershipId },
            { name: '@b', value: batchIds },
          ],
        },
        { partitionKey: partnershipId },
      )
      .fetchAll();
    return resources.map((d) => ({ batchId: d.batchId, recipientAad: d.recipientAad, channel: d.channel === 'email' ? 'email' : 'teams', status: d.status }));
  }
}
