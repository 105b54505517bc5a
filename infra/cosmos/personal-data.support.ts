import type { Container, ItemDefinition, SqlQuerySpec } from '@azure/cosmos';
import { replaceIfMatch, toDomain } from './documents.js';
import { isNotFound } from './errors.js';

/** What every store's personal-data part reads and writes with: scoped queries, deletes and ETag rewrites. */

export type Doc = ItemDefinition & Record<string, unknown>;

/** Scoped to one partnership twice over: the embedded server ignores the partition key option. */
export async function query<T = Doc>(container: Container, spec: SqlQuerySpec, partitionKey: string): Promise<T[]> {
  const { resources } = await container.items.query<T>(spec, { partitionKey }).fetchAll();
  return resources.filter((r) => (r as { partnershipId?: unknown }).partnershipId === partitionKey);
}

export async function deleteItem(container: Container, id: string, partitionKey: string): Promise<boolean> {
  try {
    await container.item(id, partitionKey).delete();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

const MAX_RETRIES = 5;

/** Read-modify-write with the ETag; re-reads and retries when someone changed the item meanwhile. */
export async function rewrite<T extends { id: string; partnershipId: string; etag?: string }>(
  container: Container,
  item: T,
  change: (current: T) => T | undefined,
): Promise<boolean> {
  let current: T | undefined = item;
  for (let attempt = 0; attempt < MAX_RETRIES && current; attempt++) {
    const next = change(current);
    if (!next) return false;
    if (await replaceIfMatch(container, next)) return true;
    const { resource } = await container.item(item.id, item.partnershipId).read<Doc>();
    current = resource ? toDomain<T>(resource, []) : undefined;
  }
  if (current) throw new Error(`could not rewrite ${item.id}: it kept changing`);
  return false;
}
