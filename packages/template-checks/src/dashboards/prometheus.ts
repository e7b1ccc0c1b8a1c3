import path from 'node:path';
import { Child, freePort, httpGet, sleep, which } from './processes';

/** A sample of an instant query. */
export interface Sample {
  metric: Record<string, string>;
  value: number;
}

/** A real Prometheus running on a free port of 127.0.0.1. */
export interface PrometheusServer {
  url: string;
  /** The process, for its output in error messages. */
  child: Child;
  /** GET an API endpoint; resolves with `data`, rejects with Prometheus' error. */
  api(endpoint: string): Promise<any>;
  query(expr: string): Promise<Sample[]>;
  stop(): Promise<void>;
}

const PROMETHEUS_CANDIDATES = ['/usr/bin/prometheus'];

/** Retries `attempt` every 200 ms until it returns a value or `deadline` passes. */
export async function waitUntil<T>(
  what: string,
  deadline: number,
  attempt: () => Promise<T | undefined>,
  explain: () => string,
): Promise<T> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const result = await attempt();
      if (result !== undefined) return result;
    } catch (error) {
      lastError = error;
    }
    await sleep(200);
  }
  throw new Error(
    `${what} did not happen in time${
      lastError ? ` (${lastError})` : ''
    }\n${explain()}`,
  );
}

/**
 * Starts the Debian `prometheus` with `dir/prometheus.yml` (paths in it are relative to `dir`) and
 * resolves once it is ready. Stopping it leaves `dir` alone.
 */
export async function startPrometheus(
  dir: string,
  deadline: number,
): Promise<PrometheusServer> {
  const prometheusBin = which('prometheus', PROMETHEUS_CANDIDATES);
  if (!prometheusBin) {
    throw new Error(
      'prometheus not found at /usr/bin/prometheus or on PATH; install it with `apt-get install prometheus`',
    );
  }
  const children: Child[] = [];
  // A free port can be taken between the check and Prometheus binding it: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = new Child(
      prometheusBin,
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, `data-${attempt}`)}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--web.external-url=http://127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      dir,
    );
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    const ready = await waitUntil(
      'Prometheus ready',
      deadline,
      async () => {
        if (!child.running) return false;
        const res = await httpGet(`${url}/-/ready`, 1_000);
        return res.status === 200 ? true : undefined;
      },
      () => child.output,
    ).catch(async error => {
      await child.stop();
      throw error;
    });
    if (!ready) continue;
    const api = async (endpoint: string): Promise<any> => {
      const res = await httpGet(`${url}${endpoint}`);
      const body = JSON.parse(res.body);
      if (body.status !== 'success') {
        throw new Error(`${endpoint}: ${body.errorType}: ${body.error}`);
      }
      return body.data;
    };
    return {
      url,
      child,
      api,
      async query(expr) {
        const data = await api(
          `/api/v1/query?query=${encodeURIComponent(expr)}`,
        );
        if (data.resultType === 'scalar') {
          return [{ metric: {}, value: Number(data.result[1]) }];
        }
        return data.result.map(
          (r: { metric: Record<string, string>; value: [number, string] }) => ({
            metric: r.metric,
            value: Number(r.value[1]),
          }),
        );
      },
      stop: () => child.stop(),
    };
  }
  throw new Error(
    `Prometheus did not start:\n${children[children.length - 1].output}`,
  );
}
