import type { Container } from '@azure/cosmos';
import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditLog } from '../../services/ports/repositories.js';

export class CosmosAuditLog implements AuditLog {
  constructor(private readonly container: Container) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.container.items.create({ id: randomUUID(), ...entry });
  }
}
