/**
 * `npm run bench`: runs each bench in a fresh Node process of its own (so one bench's heap and JIT state do not
 * colour the next), prints the table and writes it as JSON.
 *
 *   node --expose-gc out/bench/run.js [--only decode,http,memory,coalescing,pushgateway,traceSearch] [--smoke] [--out file]
 *
 * --smoke runs tiny counts to prove every bench still runs and yields numbers (no verdicts); it exits non-zero
 * when a bench crashes or yields no number, and writes bench/results/smoke.json.tmp instead of latest.json.
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Bench, BenchContext } from './lib/context';
import { formatTable, type Results, type Row } from './lib/report';

/** Every bench, in the order they run, each loaded only in the child that runs it (require, not import: esbuild keeps import() as ESM). */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading on purpose, see above */
const LOADERS = {
  decode: () => (require('./decode.bench') as typeof import('./decode.bench')).decodeBench,
  http: () => (require('./http.bench') as typeof import('./http.bench')).httpBench,
  memory: () => (require('./memory.bench') as typeof import('./memory.bench')).memoryBench,
  coalescing: () => (require('./coalescing.bench') as typeof import('./coalescing.bench')).coalescingBench,
  pushgateway: () => (require('./pushgateway.bench') as typeof import('./pushgateway.bench')).pushgatewayBench,
  forward: () => (require('./forward.bench') as typeof import('./forward.bench')).forwardBench,
  traceSearch: () => (require('./traceSearch.bench') as typeof import('./traceSearch.bench')).traceSearchBench,
  capture: () => (require('./capture.bench') as typeof import('./capture.bench')).captureBench,
  threadDelay: () => (require('./threadDelay.bench') as typeof import('./threadDelay.bench')).threadDelayBench,
} satisfies Record<string, () => Bench>;
/* eslint-enable @typescript-eslint/no-require-imports */
type BenchName = keyof typeof LOADERS;
const BENCHES = Object.keys(LOADERS) as BenchName[];

interface Args {
  only: BenchName[];
  smoke: boolean;
  out?: string;
  child?: BenchName;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { only: [...BENCHES], smoke: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--smoke') args.smoke = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const names = value().split(',').map((s) => s.trim()).filter(Boolean);
      for (const n of names) if (!(BENCHES as readonly string[]).includes(n)) throw new Error(`unknown bench "${n}": use ${BENCHES.join(', ')}`);
      args.only = names as BenchName[];
    } else if (a === '--out' || a.startsWith('--out=')) args.out = value();
    else if (a === '--child') args.child = value() as BenchName;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`usage: node --expose-gc out/bench/run.js [--only ${BENCHES.join(',')}] [--smoke] [--out file]\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

/** Child side: run one bench and hand its rows to the parent. */
async function runChild(name: BenchName, smoke: boolean): Promise<void> {
  const ctx: BenchContext = { smoke, log: (m) => process.stderr.write(`  [${name}] ${m}\n`) };
  try {
    const rows = await LOADERS[name]()(ctx);
    process.send!({ rows });
  } catch (err) {
    process.send!({ error: (err as Error)?.stack ?? String(err) });
  }
  // Let IPC flush, then leave even if a bench left a handle open.
  setTimeout(() => process.exit(0), 200).unref();
  process.disconnect?.();
}

function runInChild(name: BenchName, smoke: boolean): Promise<Row[]> {
  const limitMs = smoke ? 120_000 : 15 * 60_000;
  return new Promise((resolvePromise, reject) => {
    const child = fork(__filename, ['--child', name, ...(smoke ? ['--smoke'] : [])], {
      execArgv: ['--expose-gc', '--enable-source-maps'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let rows: Row[] | undefined;
    let error: string | undefined;
    const timer = setTimeout(() => {
      error = `timed out after ${limitMs / 1000} s`;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('message', (m: { rows?: Row[]; error?: string }) => {
      if (m.rows) rows = m.rows;
      if (m.error) error = m.error;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (error) reject(new Error(error));
      else if (!rows) reject(new Error(`exited (${signal ?? code}) without results`));
      else resolvePromise(rows);
    });
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return runChild(args.child, args.smoke);

  const root = resolve(__dirname, '..', '..');
  const started = Date.now();
  const results: Results = {
    run: {
      startedAt: new Date(started).toISOString(),
      durationS: 0,
      smoke: args.smoke,
      node: process.version,
      v8: process.versions.v8,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      totalMemMb: Math.round(os.totalmem() / 2 ** 20),
      loadAvgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
      loadAvgByBench: {},
      only: args.only,
    },
    rows: [],
    failures: [],
  };
  process.stderr.write(`bench: ${args.only.join(', ')}${args.smoke ? ' (smoke)' : ''} on ${results.run.cpus} cores, Node ${process.version}\n`);
  for (const name of args.only) {
    const t0 = Date.now();
    const load0 = os.loadavg()[0];
    process.stderr.write(`bench ${name} …\n`);
    try {
      const rows = await runInChild(name, args.smoke);
      const bad = rows.filter((r) => !Number.isFinite(r.subject) || (r.baseline !== undefined && !Number.isFinite(r.baseline)));
      if (rows.length === 0 || bad.length > 0) throw new Error(`no number from ${bad.map((r) => r.id).join(', ') || 'any row'}`);
      results.rows.push(...rows);
      results.run.loadAvgByBench[name] = [Math.round(load0 * 100) / 100, Math.round(os.loadavg()[0] * 100) / 100];
      process.stderr.write(`bench ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    } catch (err) {
      results.failures.push({ bench: name, error: (err as Error).message });
      process.stderr.write(`bench ${name} FAILED: ${(err as Error).message}\n`);
    }
  }
  results.run.durationS = Math.round((Date.now() - started) / 100) / 10;

  const out = args.out ? resolve(args.out) : join(root, 'bench', 'results', args.smoke ? 'smoke.json.tmp' : 'latest.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');

  process.stdout.write(`\n${formatTable(results.rows)}\n\n`);
  const loads = Object.entries(results.run.loadAvgByBench).map(([n, [a, b]]) => `${n} ${a}→${b}`).join(', ');
  process.stdout.write(`${results.run.cpus} cores (${results.run.cpuModel}), Node ${results.run.node}, ${results.run.durationS} s; written to ${out}\n`);
  process.stdout.write(`1-min load average per bench (before→after): ${loads}\n`);
  if (results.failures.length > 0) {
    for (const f of results.failures) process.stdout.write(`FAILED ${f.bench}: ${f.error}\n`);
    process.exitCode = 1;
  } else if (!args.smoke) {
    const missed = results.rows.filter((r) => r.met === false);
    process.stdout.write(missed.length ? `goals missed: ${missed.map((r) => r.id).join(', ')}\n` : 'all goals met\n');
  } else {
    process.stdout.write(`smoke: ${results.rows.length} figures from ${args.only.length} benches, all produced numbers\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error)?.stack ?? err}\n`);
  process.exit(2);
});
