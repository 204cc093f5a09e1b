// Builds the two bundles (dist/extension.js, dist/cli.js) and, with --tests, transpiles tests and benches
// file by file into out/ so mocha and the VS Code test host can load them.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const args = new Set(process.argv.slice(2));
const production = args.has('--production');

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

const builds = [
  esbuild.build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  esbuild.build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { CLI_VERSION: JSON.stringify(pkg.version) },
  }),
];

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
