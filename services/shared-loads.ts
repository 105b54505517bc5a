/**
 * Results of loads, kept for a while and shared: callers that ask while a load is in flight get the
 * same promise. A load that fails, or whose result `keep` refuses, is not kept; `set` and `delete`
 * replace an entry, so a load they overtook is not kept either.
 */
export class SharedLoads<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(
    private readonly options: {
      /** Past this many keys the cache starts afresh. */
      maxEntries: number;
      /** How long a result is served; absent, until it is replaced or dropped. */
      maxAgeMs?: number;
      keep?: (value: V) => boolean;
      now?: () => number;
    },
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const hit = this.entries.get(key);
    const { maxAgeMs, keep } = this.options;
    if (hit && (maxAgeMs === undefined || now - hit.at < maxAgeMs)) return hit.value;
    const entry = { at: now, value: new Promise<V>((resolve) => resolve(load())) };
    const forget = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    entry.value.then((value) => {
      if (keep && !keep(value)) forget();
    }, forget);
    this.put(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    this.put(key, { at: this.now(), value: Promise.resolve(value) });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  private put(key: string, entry: { at: number; value: Promise<V> }) {
    if (this.entries.size >= this.options.maxEntries && !this.entries.has(key)) this.entries.clear();
    this.entries.set(key, entry);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
