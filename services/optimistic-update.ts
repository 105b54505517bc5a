const MAX_ATTEMPTS = 5;

export interface OptimisticStore<T> {
  /** Replaces the item if nobody changed it since it was read; undefined when someone did. */
  replace(next: T): Promise<T | undefined>;
  /** Reads the item again; undefined when it is gone. */
  reread(): Promise<T | undefined>;
}

/**
 * Read-modify-write with ETags: applies `change` and replaces; when someone else wrote first,
 * re-reads and applies it again. A change that returns its input unchanged writes nothing, so
 * a retried request is a no-op. `errors` are the record's catalogued refusals (`recordErrors` in
 * services/domain/error-messages/records.ts): gone when it was removed meanwhile, busy after the last attempt.
 */
export async function updateOptimistically<T>(
  item: T,
  change: (current: T) => T,
  store: OptimisticStore<T>,
  errors: { gone: () => Error; busy: () => Error },
): Promise<T> {
  let current = item;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const next = change(current);
    if (next === current) return current;
    const stored = await store.replace(next);
    if (stored) return stored;
    const fresh = await store.reread();
    if (!fresh) throw errors.gone();
    current = fresh;
  }
  throw errors.busy();
}
