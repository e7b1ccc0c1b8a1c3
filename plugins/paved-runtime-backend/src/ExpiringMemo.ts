/**
 * A bounded in-process map of promises that expire. Concurrent asks for one key share one
 * load; a load that fails is forgotten at once, so only answers are remembered.
 */
export class ExpiringMemo<T> {
  private readonly entries = new Map<
    string,
    { expiresAt: number; value: Promise<T> }
  >();

  constructor(private readonly maxEntries: number) {}

  /** The remembered value of `key`, else `load()`'s, kept until `expiresAt(value)` (epoch ms). */
  async get(
    key: string,
    load: () => Promise<T>,
    expiresAt: (value: T) => number,
  ): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > Date.now()) return entry.value;
    this.entries.delete(key);
    // Until the load settles the entry is valid, so concurrent asks share it.
    const pending = { expiresAt: Infinity, value: load() };
    this.entries.set(key, pending);
    this.evictOldest();
    try {
      const value = await pending.value;
      pending.expiresAt = expiresAt(value);
      if (pending.expiresAt <= Date.now()) this.forget(key, pending);
      return value;
    } catch (error) {
      this.forget(key, pending);
      throw error;
    }
  }

  private forget(key: string, entry: { value: Promise<T> }) {
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }

  private evictOldest() {
    // A Map iterates in insertion order: the first keys are the oldest.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) return;
      this.entries.delete(key);
    }
  }
}
