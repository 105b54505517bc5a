import type { Partnership } from '../domain/directory.js';

/** Stored partnership directories (one document per partnership). */
export interface DirectoryRepo {
  get(partnershipId: string): Promise<Partnership | undefined>;
  list(): Promise<Partnership[]>;
  /** Replaces the whole directory of one partnership. */
  save(partnership: Partnership, savedBy: string): Promise<void>;
  /** Every stored directory with its version. */
  listVersioned(): Promise<{ partnership: Partnership; version: string }[]>;
  /** The stored directory with its version, which changes on every save. */
  getVersioned(partnershipId: string): Promise<{ partnership: Partnership; version: string } | undefined>;
  /**
   * Saves only if the stored version is still `version` (undefined: only if none is stored yet).
   * Returns the new version, or undefined when someone else saved first.
   */
  saveIfUnchanged(partnership: Partnership, savedBy: string, version: string | undefined): Promise<string | undefined>;
}

/** Who can be messaged proactively: Teams conversation references by Entra object id. */
export interface ConversationRefRepo {
  save(entry: StoredConversation): Promise<void>;
  get(partnershipId: string, aadObjectId: string): Promise<StoredConversation | undefined>;
  list(partnershipId: string): Promise<StoredConversation[]>;
  markUnreachable(partnershipId: string, aadObjectId: string, reason: 'blocked' | 'uninstalled'): Promise<void>;
}

export interface StoredConversation {
  partnershipId: string;
  aadObjectId: string;
  /** The adapter's conversation reference, opaque to the services. */
  reference: Record<string, unknown>;
  updatedAt: string;
  unreachable?: 'blocked' | 'uninstalled';
}

/** The audit trail: who changed what, when. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

export interface AuditEntry {
  partnershipId: string;
  at: string;
  /** Person id, or 'system' for scheduled jobs. */
  actor: string;
  action: string;
  subject: string;
  before?: unknown;
  after?: unknown;
}
