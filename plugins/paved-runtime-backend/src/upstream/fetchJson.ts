import { HttpEndpoint } from '../config';
import { UpstreamError, classifyError } from './errors';

/**
 * GETs JSON from an observability API with the endpoint's headers, aborting after `timeoutMs`.
 * Non-2xx answers become {@link UpstreamError}s with the status only.
 */
export async function fetchJson(
  endpoint: HttpEndpoint,
  pathAndQuery: string,
  timeoutMs: number,
  what: string,
): Promise<unknown> {
  try {
    const response = await fetch(`${endpoint.url}${pathAndQuery}`, {
      headers: { accept: 'application/json', ...endpoint.headers },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) {
      const kind =
        response.status === 401 || response.status === 403
          ? 'unauthorized'
          : 'bad-response';
      throw new UpstreamError(kind, `${what}: HTTP ${response.status}`);
    }
    return JSON.parse(text);
  } catch (error) {
    throw classifyError(error, what);
  }
}
