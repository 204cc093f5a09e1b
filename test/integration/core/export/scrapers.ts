/**
 * The real scrapers the exposition is tested against, each started on a free loopback port with a config file
 * and data folder of its own, and stopped by pid: Debian's `prometheus` (2.42) and `victoria-metrics` (1.79).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { httpRequest } from '../../../helpers/pushgateway';
import { eventually, freePort } from '../../../helpers/process';

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';
export const VICTORIA_METRICS_BIN = process.env.VICTORIA_METRICS_BIN ?? '/usr/bin/victoria-metrics';

/** One sample of an instant query's vector. */
export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export interface RunningScraper {
  name: string;
  url: string;
  /** An instant query through the HTTP API (`/api/v1/query`), at `timeSec` (Unix seconds) or now. */
  query(promql: string, timeSec?: number): Promise<Sample[]>;
  /** Stops it by pid and removes its folder. */
  dispose(): Promise<void>;
  log(): string;
}

/** A scrape config for `targets` every second; honor_labels keeps the exposition's job and instance. */
function scrapeConfig(targets: string[]): string {
  return [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    'scrape_configs:',
    '  - job_name: telemetry-inspector',
    '    honor_labels: true',
    '    metrics_path: /metrics',
    '    static_configs:',
    `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
    '',
  ].join('\n');
}

async function launch(
  name: string,
  bin: string,
  args: (dir: string, port: number, config: string) => string[],
  readyPath: string,
  targets: string[],
): Promise<RunningScraper> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), `ti-${name.toLowerCase().replace(/\W/g, '')}-`));
  const config = path.join(dir, 'scrape.yml');
  writeFileSync(config, scrapeConfig(targets));
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(bin, args(dir, port, config), { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));

  const dispose = async (): Promise<void> => {
    if (!gone && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => !gone && child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await eventually(async () => {
      if (gone) throw new Error(`${name} exited at start`);
      const res = await httpRequest('GET', url + readyPath);
      if (res.status !== 200) throw new Error(`not ready: ${res.status}`);
    }, 30_000, 100);
  } catch (err) {
    await dispose();
    throw new Error(`${name} did not get ready on port ${port}: ${(err as Error).message}\n${log}`, { cause: err });
  }

  const query = async (promql: string, timeSec?: number): Promise<Sample[]> => {
    const params = new URLSearchParams({ query: promql });
    if (timeSec !== undefined) params.set('time', timeSec.toFixed(3));
    const res = await httpRequest('GET', `${url}/api/v1/query?${params}`);
    if (res.status !== 200) throw new Error(`${name} answered ${res.status} to ${promql}: ${res.body}`);
    const body = JSON.parse(res.body) as { status: string; data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success' || body.data.resultType !== 'vector') throw new Error(`${name}: unexpected answer to ${promql}: ${res.body}`);
    return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  };

  return { name, url, query, dispose, log: () => log };
}

/** Prometheus with its own config and TSDB folder, its web UI and API on a free loopback port. */
export function startPrometheus(targets: string[]): Promise<RunningScraper> {
  return launch(
    'Prometheus',
    PROMETHEUS_BIN,
    (dir, port, config) => [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    '/-/ready',
    targets,
  );
}

/**
 * VictoriaMetrics with its own scrape config and storage folder. Samples are queryable at once
 * (-search.latencyOffset=0s; its default hides the last 30 s) and answers are not cached between queries.
 */
export function startVictoriaMetrics(targets: string[]): Promise<RunningScraper> {
  return launch(
    'VictoriaMetrics',
    VICTORIA_METRICS_BIN,
    (dir, port, config) => [
      `-promscrape.config=${config}`,
      `-storageDataPath=${path.join(dir, 'data')}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      '-search.latencyOffset=0s',
      '-search.disableCache',
      '-loggerLevel=WARN',
    ],
    '/health',
    targets,
  );
}
