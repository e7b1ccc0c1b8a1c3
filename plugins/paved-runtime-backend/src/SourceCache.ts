import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/**
 * Answers of upstream sources, shared through `coreServices.cache` (so replicas on one Redis
 * share them) with in-flight deduplication: concurrent asks for one key make one upstream call.
 */
export class SourceCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  private constructor(
    private readonly cache: CacheService,
    private readonly ttlMs: number,
  ) {}

  static create(options: {
    cache: CacheService;
    ttlSeconds: number;
  }): SourceCache {
    return new SourceCache(options.cache, options.ttlSeconds * 1000);
  }

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const promise = this.lookup(key, load).finally(() =>
      this.inFlight.delete(key),
    );
    this.inFlight.set(key, promise);
    return promise;
  }

  private async lookup<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs > 0) {
      try {
        const cached = await this.cache.get(key);
        if (cached !== undefined) return cached as T;
      } catch {
        // A cache store that is down costs freshness, never the answer.
      }
    }
    const value = await load();
    if (this.ttlMs > 0) {
      try {
        await this.cache.set(key, value as unknown as JsonValue, {
          ttl: this.ttlMs,
        });
      } catch {
        // As above.
      }
    }
    return value;
  }
}
