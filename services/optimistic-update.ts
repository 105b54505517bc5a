import { DomainError } from './domain/errors.js';

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
 * a retried request is a no-op. `what` names the thing in the errors people may see.
 */
export async function updateOptimistically<T>(
  item: T,
  change: (current: T) => T,
  store: OptimisticStore<T>,
  what: { code: 'CONSULTATION' | 'MEETING' | 'REVIEW' | 'ACTION' | 'POLICY' | 'RETURN' | 'RETURN_ROUND' | 'OUTBOX'; name: string; gone?: () => Error; busy?: () => Error },
): Promise<T> {
  let current = item;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const next = change(current);
    if (next === current) return current;
    const stored = await store.replace(next);
    if (stored) return stored;
    const fresh = await store.reread();
    if (!fresh) throw what.gone?.() ?? new DomainError(`${what.code}.NOT_FOUND`, `The ${what.name} was removed.`);
    current = fresh;
  }
  throw what.busy?.() ?? new DomainError(`${what.code}.BUSY`, `The ${what.name} is being changed by someone else; please try again.`);
}
