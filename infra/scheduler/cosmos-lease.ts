import type { Container } from '@azure/cosmos';
import type { RunCoordinator } from 'node-cron';
import { isConflict } from '../cosmos/errors.js';

/**
 * One run per scheduled fire across instances: node-cron asks shouldRun(key) with a key made of
 * the task name and the fire's slot; the first instance to create the lease document runs it,
 * every other one gets 409 and skips. The lease expires by TTL so the container stays small.
 */
export class CosmosLeaseCoordinator implements RunCoordinator {
  constructor(
    private readonly leases: Container,
    private readonly instanceId: string,
  ) {}

  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    try {
      await this.leases.items.create({
        id: leaseId(key),
        key,
        owner: this.instanceId,
        takenAt: new Date().toISOString(),
        ttl: Math.max(60, Math.ceil(ttlMs / 1000)),
      });
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }
}

/** Cosmos ids may not contain / \ ? #. */
export const leaseId = (key: string) => key.replace(/[/\\?#]/g, '_');
