import type { IndexingPolicy } from '@azure/cosmos';

/**
 * Every Cosmos container Quorum uses: its id, partition key and indexing, in one place.
 * Data is partitioned by partnership, so one deployment can host several partnerships and every
 * query a user or a job makes stays inside one logical partition.
 * The Azure templates (infra/azure) declare the same containers; a test keeps them in step.
 */
export interface ContainerDefinition {
  id: string;
  partitionKey: string;
  indexingPolicy?: IndexingPolicy;
  /** Default time-to-live in seconds; -1 means items expire only when they set their own ttl. */
  defaultTtl?: number;
}

const byPartnership = '/partnershipId';

/** Free text (reasons, notes, card payloads) is never filtered on, so it is not indexed. */
const excludeText = (...paths: string[]): IndexingPolicy => ({
  indexingMode: 'consistent',
  automatic: true,
  includedPaths: [{ path: '/*' }],
  excludedPaths: [{ path: '/"_etag"/?' }, ...paths.map((path) => ({ path }))],
});

export const CONTAINERS = {
  /** The partnership directory: one document per partnership (bodies, agencies, seats, rules). */
  directory: { id: 'directory', partitionKey: byPartnership },
  /** Teams conversation references, one per user, for proactive messages. */
  conversations: { id: 'conversations', partitionKey: byPartnership, indexingPolicy: excludeText('/reference/*') },
  /** Consultations and votes, agency answers and the history of every change. */
  consultations: {
    id: 'consultations',
    partitionKey: byPartnership,
    indexingPolicy: excludeText('/reason/?', '/comment/?', '/history/*', '/description/?'),
  },
  /**
   * The outbox: one delivery record per message and recipient. Its deterministic ids are also the
   * reminder ledger (item, recipient, reason, slot), so a rerun sends nothing twice. A finished
   * delivery is stored without its card and expires (see DELIVERY_RETENTION_SECONDS).
   */
  outbox: { id: 'outbox', partitionKey: byPartnership, indexingPolicy: excludeText('/card/*'), defaultTtl: -1 },
  /** Meetings, apologies, attendance registers, absence reviews and the risk register. */
  meetings: { id: 'meetings', partitionKey: byPartnership },
  /** Actions and the policy register. */
  actions: {
    id: 'actions',
    partitionKey: byPartnership,
    indexingPolicy: excludeText('/progress/*', '/description/?'),
  },
  /** Agency returns: rounds (Section 11, the data set) and each owing agency's return with its history. */
  returns: { id: 'returns', partitionKey: byPartnership, indexingPolicy: excludeText('/history/*', '/standards/*', '/figures/*') },
  /** Scheduler leases: one document per job fire, so only one instance runs it. */
  leases: { id: 'leases', partitionKey: '/id', defaultTtl: -1 },
  /** The audit trail: who changed what, when. */
  audit: { id: 'audit', partitionKey: byPartnership, indexingPolicy: excludeText('/before/*', '/after/*') },
} as const satisfies Record<string, ContainerDefinition>;

export type ContainerName = keyof typeof CONTAINERS;

/** How long a finished delivery is kept: long past any reminder slot. */
export const DELIVERY_RETENTION_SECONDS = 180 * 24 * 3600;
