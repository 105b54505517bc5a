import type { Container, ItemDefinition } from '@azure/cosmos';
import { isConflict, isPreconditionFailed } from './errors.js';

const SYSTEM_FIELDS = ['_rid', '_self', '_attachments', '_ts', '_etag', '_lsn'];
const WITHOUT_TYPE = new Set([...SYSTEM_FIELDS, 'type']);

/** A stored document as the domain sees it: no Cosmos system fields, the ETag as `etag`. */
export function toDomain<T>(doc: ItemDefinition & Record<string, unknown>, omit?: string[]): T & { etag?: string } {
  const skip = omit ? new Set([...SYSTEM_FIELDS, ...omit]) : WITHOUT_TYPE;
  // Copied key by key rather than spread and deleted: deleting keys turns an object into a slow dictionary.
  const out: Record<string, unknown> = {};
  for (const key in doc) if (!skip.has(key)) out[key] = doc[key];
  out.etag = doc._etag;
  return out as T & { etag?: string };
}

/** Freezes a value and everything in it, so that a copy a repository keeps can be handed out without cloning. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export function toDocument<T extends object>(value: T, type?: string): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  delete rest.etag;
  return type ? { ...rest, type } : rest;
}

/** Creates the item unless one with its id exists; returns whether it was created. */
export async function createOnce(container: Container, doc: Record<string, unknown>): Promise<boolean> {
  try {
    await container.items.create(doc);
    return true;
  } catch (err) {
    if (isConflict(err)) return false;
    throw err;
  }
}

/** Replaces the item only if nobody changed it since it was read; undefined when someone did. */
export async function replaceIfMatch<T extends { id: string; partnershipId: string; etag?: string }>(
  container: Container,
  value: T,
  type?: string,
  omit?: string[],
): Promise<(T & { etag?: string }) | undefined> {
  if (!value.etag) throw new Error(`replaceIfMatch needs the ETag of ${value.id}`);
  try {
    const { resource } = await container
      .item(value.id, value.partnershipId)
      .replace(toDocument(value, type), { accessCondition: { type: 'IfMatch', condition: value.etag } });
    return resource ? toDomain<T>(resource, omit) : undefined;
  } catch (err) {
    if (isPreconditionFailed(err)) return undefined;
    throw err;
  }
}

/** Runs `work` over items with at most `limit` in flight. */
export async function inBatches<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(runners);
}
