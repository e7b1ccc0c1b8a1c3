/** One request the server received, as tests assert on it. */
export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  /** HTTP status answered; undefined for a request that hung or whose connection was reset. */
  status?: number;
  /** RBAC verb for resource requests; undefined for discovery, /version and health checks. */
  verb?: string;
  group?: string;
  /** Plural resource name, with `/status` for the status subresource. */
  resource?: string;
  namespace?: string;
  name?: string;
  user?: string;
  dryRun: boolean;
  /** Whether the request changed stored state (a dry run, a failure or a no-op apply did not). */
  wrote: boolean;
  fault?: 'latency' | 'respond' | 'hang' | 'reset' | 'malformed';
  /** When the server received the request (epoch ms, sub-millisecond precision). */
  receivedAt: number;
  /** When the server finished answering; undefined for a request that hung or was reset. */
  answeredAt?: number;
}

const READ_VERBS = new Set(['get', 'list', 'watch']);

function countBy(records: RequestRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records) {
    const key = `${record.verb} ${
      record.group ? `${record.resource}.${record.group}` : record.resource
    }`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The request log and the read/write counts derived from it. */
export class RequestAccounting {
  private records: RequestRecord[] = [];

  record(entry: RequestRecord): void {
    this.records.push(entry);
  }

  /** Every request since the last reset, oldest first. */
  get log(): RequestRecord[] {
    return [...this.records];
  }

  /** Resource reads (get, list) that reached the API, whatever their outcome. */
  get reads(): RequestRecord[] {
    return this.records.filter(
      record =>
        record.verb !== undefined &&
        READ_VERBS.has(record.verb) &&
        (record.fault === undefined || record.fault === 'latency'),
    );
  }

  /** Requests that changed stored state. */
  get writes(): RequestRecord[] {
    return this.records.filter(record => record.wrote);
  }

  /** Write requests that were sent, whether or not they changed anything (dry runs excluded). */
  get writeAttempts(): RequestRecord[] {
    return this.records.filter(
      record =>
        record.verb !== undefined &&
        !READ_VERBS.has(record.verb) &&
        !record.dryRun,
    );
  }

  /** Counts keyed `verb resource[.group]`, e.g. `{'list pods': 2, 'patch deployments.apps': 1}`. */
  counts(): { reads: Record<string, number>; writes: Record<string, number> } {
    return { reads: countBy(this.reads), writes: countBy(this.writes) };
  }

  reset(): void {
    this.records = [];
  }

  /** Throws, listing them, when any request changed stored state. */
  assertNoWrites(): void {
    const writes = this.writes;
    if (writes.length > 0) {
      const lines = writes.map(
        write =>
          `${write.method} ${write.path}${
            Object.keys(write.query).length
              ? `?${new URLSearchParams(write.query)}`
              : ''
          } → ${write.status}`,
      );
      throw new Error(
        `expected no writes to the fake Kubernetes API, got ${
          writes.length
        }:\n${lines.join('\n')}`,
      );
    }
  }
}
