import { RuntimeAlert, RuntimeError } from '@paved/plugin-paved-runtime-common';
import { HttpEndpoint } from '../config';
import { fetchJson } from '../upstream/fetchJson';
import { toRuntimeError, UpstreamError } from '../upstream/errors';

/** An alert of `GET /api/v2/alerts`, fields optional across Alertmanager versions. */
interface GettableAlert {
  fingerprint?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  generatorURL?: string;
  status?: { state?: string; silencedBy?: string[]; inhibitedBy?: string[] };
}

export interface AlertmanagerSnapshot {
  fetchedAt: string;
  alerts: RuntimeAlert[];
  errors: RuntimeError[];
}

function toAlert(a: GettableAlert): RuntimeAlert {
  const labels = a.labels ?? {};
  const annotations = a.annotations ?? {};
  const silencedBy = a.status?.silencedBy ?? [];
  const inhibitedBy = a.status?.inhibitedBy ?? [];
  return {
    fingerprint: a.fingerprint ?? '',
    name: labels.alertname ?? '',
    severity: labels.severity ?? null,
    state:
      a.status?.state === 'suppressed' ||
      silencedBy.length ||
      inhibitedBy.length
        ? 'suppressed'
        : 'active',
    silencedBy,
    inhibitedBy,
    startsAt: a.startsAt ?? '',
    summary: annotations.summary ?? null,
    description: annotations.description ?? annotations.message ?? null,
    runbookUrl: annotations.runbook_url ?? annotations.runbook ?? null,
    generatorUrl: a.generatorURL ?? null,
    labels,
  };
}

/**
 * Alerts from one cluster's Alertmanager (API v2), filtered server-side with `filter=` matchers;
 * silenced and inhibited ones included (the API's flags only exclude) and marked suppressed.
 */
export class AlertmanagerSource {
  private constructor(private readonly timeoutMs: number) {}

  static create(options: { timeoutMs: number }): AlertmanagerSource {
    return new AlertmanagerSource(options.timeoutMs);
  }

  async read(
    cluster: string,
    endpoint: HttpEndpoint,
    matchers: string[],
  ): Promise<AlertmanagerSnapshot> {
    const params = new URLSearchParams({
      active: 'true',
      silenced: 'true',
      inhibited: 'true',
    });
    for (const matcher of matchers) params.append('filter', matcher);
    const fetchedAt = new Date().toISOString();
    try {
      const body = await fetchJson(
        endpoint,
        `/api/v2/alerts?${params}`,
        this.timeoutMs,
        'list alertmanager alerts',
      );
      if (!Array.isArray(body)) {
        throw new UpstreamError(
          'bad-response',
          'list alertmanager alerts: malformed response',
        );
      }
      return { fetchedAt, alerts: body.map(toAlert), errors: [] };
    } catch (error) {
      return {
        fetchedAt,
        alerts: [],
        errors: [
          toRuntimeError(
            'alertmanager',
            cluster,
            error,
            'list alertmanager alerts',
          ),
        ],
      };
    }
  }
}
