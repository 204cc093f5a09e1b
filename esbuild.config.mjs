// Builds the bundles: dist/extension.js, dist/engineWorker.js (the engine's own thread) and dist/cli.js for Node,
// dist/webview/{trace,metric,search,diff}.js for the panels' webviews (browser, one IIFE each). With --tests, also transpiles tests and benches file by file into out/ so
// mocha and the VS Code test host can load them. With --watch, rebuilds the bundles on every change and runs
// tsc --watch over both TypeScript projects beside it (type errors; esbuild only strips types), until Ctrl+C.
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // grpc-js reads its own package.json at runtime; bundling keeps the extension self-contained.
};

function listTs(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** In watch mode, says when a rebuild starts and ends, as VS Code's $esbuild-watch problem matcher expects. */
const watchLog = {
  name: 'watch-log',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of [...result.errors, ...result.warnings]) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/** @type {import('esbuild').BuildOptions[]} */
const bundles = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The engine's own thread (or process): receivers, decoders and the store, off the extension host's thread.
  { ...common, entryPoints: ['src/core/api/engineWorker.ts'], outfile: 'dist/engineWorker.js' },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { CLI_VERSION: JSON.stringify(pkg.version) },
  },
  {
    // The panels' scripts run in the webview (a browser page): no Node built-ins can be bundled here, so a
    // formatter from src/core that started to need one fails this build.
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    entryPoints: {
      trace: 'src/webview/trace/main.ts',
      metric: 'src/webview/metric/main.ts',
      search: 'src/webview/search/main.ts',
      diff: 'src/webview/diff/main.ts',
    },
    outdir: 'dist/webview',
  },
];

if (watch) {
  const contexts = await Promise.all(bundles.map((b) => esbuild.context({ ...b, logLevel: 'silent', plugins: [watchLog] })));
  await Promise.all(contexts.map((c) => c.watch()));
  // Types: one tsc per project (Node code; the webviews with the DOM lib), each reporting as it rechecks.
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const checkers = ['.', 'src/webview'].map((project) =>
    spawn(process.execPath, [tsc, '-p', project, '--watch', '--preserveWatchOutput'], { stdio: 'inherit' }),
  );
  const stop = async () => {
    for (const c of checkers) c.kill();
    await Promise.all(contexts.map((c) => c.dispose()));
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  const builds = bundles.map((b) => esbuild.build(b));
  if (args.has('--tests')) {
    rmSync('out', { recursive: true, force: true });
    const entryPoints = [...listTs('src'), ...listTs('test'), ...listTs('bench')];
    builds.push(
      esbuild.build({
        entryPoints,
        outdir: 'out',
        outbase: '.',
        bundle: false,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        sourcemap: 'inline',
        logLevel: 'warning',
      }),
    );
  }
  await Promise.all(builds);
}
