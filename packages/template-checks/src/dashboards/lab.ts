import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { Child, sleep } from './processes';
import {
  PrometheusServer,
  Sample,
  startPrometheus,
  waitUntil,
} from './prometheus';

export type { Sample } from './prometheus';

/** `packages/template-checks/lab`: the synthetic exporter, prometheus.yml, rules and workloads. */
// These checks run from source in the repository, never from a build.
// eslint-disable-next-line no-restricted-syntax
const LAB_DIR = path.resolve(__dirname, '../../lab');

/** One workload of lab/workloads.json. */
export interface LabWorkload {
  service: string;
  cpu: { request: number; limit: number | null; used: number };
  parameterSet?: string;
  namespace: string;
  pods: string[];
  hpa: null | {
    min: number;
    max: number;
    metrics: { name: string; type: string; target: number }[];
  };
  gpu: null | { mode: 'count' | 'mig'; count?: number; profile?: string };
}

export async function readLabWorkloads(): Promise<{
  workloads: LabWorkload[];
  decoys: LabWorkload[];
}> {
  return JSON.parse(
    await fs.readFile(path.join(LAB_DIR, 'workloads.json'), 'utf8'),
  );
}

/** The state of a rule as /api/v1/rules reports it. */
interface RuleState {
  group: string;
  name: string;
  type: 'alerting' | 'recording';
  health: string;
  lastError?: string;
  evaluated: boolean;
}

export interface StartLabOptions {
  /** Extra rule files for Prometheus, by file name: the chart's PrometheusRule groups. */
  chartRules?: Record<string, unknown>;
  /** Bounds every wait; the whole start fails after this. */
  timeoutMs?: number;
}

/** A running lab: the synthetic exporter and a real Prometheus scraping it, on loopback. */
export interface Lab {
  prometheusUrl: string;
  exporterAddress: string;
  query(expr: string): Promise<Sample[]>;
  /** Polls `expr` until it returns a series or `timeoutMs` passes; returns the last result. */
  queryUntilData(expr: string, timeoutMs: number): Promise<Sample[]>;
  rules(): Promise<RuleState[]>;
  /** Stops both processes (SIGTERM, then SIGKILL) and deletes the temporary directory. */
  stop(): Promise<void>;
}

/**
 * Starts lab/exporter.mjs on a free port, writes prometheus.yml, rules.yml, the chart's rules and a
 * file_sd targets file into a temporary directory, and starts the real Prometheus there on another
 * free port of 127.0.0.1. Resolves once Prometheus is ready and has scraped every target.
 */
export async function startLab(options: StartLabOptions = {}): Promise<Lab> {
  const deadline = Date.now() + (options.timeoutMs ?? 45_000);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-dashboard-lab-'));
  const children: Child[] = [];
  const stop = async () => {
    await Promise.all(children.map(child => child.stop()));
    await fs.rm(dir, { recursive: true, force: true });
  };

  try {
    const exporter = new Child(process.execPath, [
      path.join(LAB_DIR, 'exporter.mjs'),
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--exit-with-stdin',
    ]);
    children.push(exporter);
    const exporterAddress: string = JSON.parse(
      await exporter.firstLine(Math.max(1_000, deadline - Date.now())),
    ).address;

    await fs.copyFile(
      path.join(LAB_DIR, 'prometheus.yml'),
      path.join(dir, 'prometheus.yml'),
    );
    await fs.copyFile(
      path.join(LAB_DIR, 'rules.yml'),
      path.join(dir, 'rules.yml'),
    );
    await fs.mkdir(path.join(dir, 'chart-rules'));
    for (const [file, groups] of Object.entries(options.chartRules ?? {})) {
      await fs.writeFile(
        path.join(dir, 'chart-rules', file),
        yaml.stringify(groups),
      );
    }
    await fs.writeFile(
      path.join(dir, 'targets.json'),
      JSON.stringify([{ targets: [exporterAddress] }]),
    );

    const prometheus: PrometheusServer = await startPrometheus(dir, deadline);
    children.push(prometheus.child);
    const { query, api } = prometheus;
    const prometheusUrl = prometheus.url;

    // Every target scraped at least twice, so rate() has two samples.
    const jobs = (
      yaml.parse(await fs.readFile(path.join(dir, 'prometheus.yml'), 'utf8'))
        .scrape_configs as { job_name: string }[]
    ).map(c => c.job_name);
    await waitUntil(
      'two scrapes of every target',
      deadline,
      async () => {
        const samples = await query(
          'count_over_time(up[30s]) >= 2 and up == 1',
        );
        const scraped = new Set(samples.map(s => s.metric.job));
        return jobs.every(job => scraped.has(job)) ? true : undefined;
      },
      () => prometheus.child.output,
    );

    return {
      prometheusUrl,
      exporterAddress,
      query,
      async queryUntilData(expr, timeoutMs) {
        const until = Date.now() + timeoutMs;
        let samples = await query(expr);
        while (samples.length === 0 && Date.now() < until) {
          await sleep(250);
          samples = await query(expr);
        }
        return samples;
      },
      async rules() {
        const data = await api('/api/v1/rules');
        return data.groups.flatMap((g: { name: string; rules: any[] }) =>
          g.rules.map(r => ({
            group: g.name,
            name: r.name,
            type: r.type,
            health: r.health,
            lastError: r.lastError || undefined,
            evaluated: !String(r.lastEvaluation).startsWith('0001-'),
          })),
        );
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
