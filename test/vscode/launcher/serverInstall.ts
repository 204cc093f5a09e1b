// Installs (once) the VS Code server that the real-VS-Code launcher runs: the VS Code server build shipped in
// the `code-server` npm package, run by a Node 24 from the `node-<platform>-<arch>` npm package. Both live in
// `.vscode-test/server` (git-ignored) and are reused while their versions match the pins below. npm runs on the
// `node` devDependency (Node 24) whatever Node the machine has, and an install is filled beside the target and
// renamed into place only when complete.
// See shared/REAL-VSCODE.md for why it is done this way.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The pinned versions: change them here only. code-server 4.139.1 carries VS Code 1.139.1 and requires Node 24. */
export const CODE_SERVER_VERSION = '4.139.1';
export const VSCODE_VERSION = '1.139.1';
export const NODE_VERSION = '24.21.0';
/** The npm package holding a complete Node build (binary and headers) for this machine. */
export const NODE_PACKAGE = `node-${process.platform}-${process.arch}`;

export interface ServerPaths {
  /** `.vscode-test/server` */
  dir: string;
  /** Node 24 binary that runs the server. */
  nodeBinary: string;
  /** The folder of the Node package (its `include/node` holds the headers native modules build against). */
  nodeDir: string;
  /** VS Code's own server script (not the code-server wrapper: only it takes --enable-smoke-test-driver). */
  serverMain: string;
  /** The VS Code build inside the code-server package. */
  vscodeDir: string;
}

/** The repository root: the nearest folder above this file whose package.json is this extension's. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'telemetry-inspector') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the telemetry-inspector repository above ${__dirname}`);
    dir = parent;
  }
}

export function serverPaths(dir = path.join(repoRoot(), '.vscode-test', 'server')): ServerPaths {
  const nodeDir = path.join(dir, 'node_modules', NODE_PACKAGE);
  const vscodeDir = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
  return {
    dir,
    nodeDir,
    nodeBinary: path.join(nodeDir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node'),
    vscodeDir,
    serverMain: path.join(vscodeDir, 'out', 'server-main.js'),
  };
}

function installedVersion(dir: string, pkg: string): string | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Why the install in `paths.dir` is not usable, or undefined when it is. */
export function installProblem(paths: ServerPaths): string | undefined {
  const node = installedVersion(paths.dir, NODE_PACKAGE);
  if (node !== NODE_VERSION) return `${NODE_PACKAGE} is ${node ?? 'not installed'}, want ${NODE_VERSION}`;
  const cs = installedVersion(paths.dir, 'code-server');
  if (cs !== CODE_SERVER_VERSION) return `code-server is ${cs ?? 'not installed'}, want ${CODE_SERVER_VERSION}`;
  if (!fs.existsSync(paths.nodeBinary)) return `${paths.nodeBinary} is missing`;
  if (!fs.existsSync(paths.serverMain)) return `${paths.serverMain} is missing`;
  return undefined;
}

/**
 * The Node 24 that runs npm for the install: the `node` devDependency's binary (node_modules/node/bin/node after
 * `npm ci`), whatever Node runs this script. code-server's postinstall refuses any other major version.
 */
export function installNode(root = repoRoot()): string {
  let bin: string;
  try {
    const pkgJson = require.resolve('node/package.json', { paths: [root] });
    const pkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { bin?: { node?: string } };
    bin = path.resolve(path.dirname(pkgJson), pkg.bin?.node ?? 'bin/node');
  } catch {
    throw new Error(`the "node" devDependency is not installed under ${root}: run npm ci first`);
  }
  const r = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  const version = r.stdout?.trim() ?? '';
  if (r.status !== 0 || version.split('.')[0] !== NODE_VERSION.split('.')[0]) {
    throw new Error(`${bin} should be Node ${NODE_VERSION.split('.')[0]}.x, it is ${version || `unusable (${r.error?.message ?? `exit ${r.status}`})`}`);
  }
  return bin;
}

/** npm's own script (npm-cli.js), found on PATH, so that the Node of our choice runs it rather than its shebang's. */
function npmCli(): string {
  const names = process.platform === 'win32' ? ['npm.cmd'] : ['npm'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of names) {
      const p = path.join(dir, name);
      if (!fs.existsSync(p)) continue;
      const real = fs.realpathSync(p);
      if (real.endsWith('.js')) return real;
      const beside = path.join(path.dirname(real), '..', 'node_modules', 'npm', 'bin', 'npm-cli.js'); // npm.cmd
      if (fs.existsSync(beside)) return beside;
    }
  }
  throw new Error('npm is not on PATH');
}

/**
 * An environment for npm that cannot be steered by the npm that may have started us (`npm run ...`). That npm
 * exports its own user agent ("npm/… node/v20…") as npm_config_user_agent, which a child npm takes as its
 * config and passes on to install scripts: code-server's postinstall reads the Node version from it.
 */
function npmEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const inherited = new Set(['npm_config_prefix', 'npm_config_local_prefix', 'npm_config_global', 'npm_config_user_agent', 'npm_config_npm_version', 'npm_config_node_version', 'npm_node_execpath', 'npm_execpath', 'node']);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    const lower = k.toLowerCase();
    if (inherited.has(lower)) continue;
    if (lower.startsWith('npm_package_') || lower.startsWith('npm_lifecycle_')) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** Runs a command in its own process group, so that our exit (Ctrl-C, a timeout) takes npm's script children too. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  log(`$ ${cmd} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    // stdout/stderr inherited: npm's progress and the native builds' output stream to the terminal.
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'], detached: process.platform !== 'win32' });
    const killChild = () => {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      try {
        if (process.platform === 'win32') child.kill('SIGTERM');
        else process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    process.on('exit', killChild);
    child.on('error', (e) => (process.removeListener('exit', killChild), reject(e)));
    child.on('exit', (code, signal) => {
      process.removeListener('exit', killChild);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock folder so that two launchers started at once don't install into the same place together. */
async function withLock<T>(lockDir: string, log: (line: string) => void, fn: () => Promise<T>): Promise<T> {
  const owner = path.join(lockDir, 'pid');
  const deadline = Date.now() + 30 * 60_000;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(owner, String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.existsSync(owner) ? fs.readFileSync(owner, 'utf8') : NaN);
      // Its owner died, or died between making the folder and writing its pid (a minute is far more than that takes).
      const orphaned = Number.isInteger(pid) && pid > 0 ? !alive(pid) : Date.now() - fs.statSync(lockDir).mtimeMs > 60_000;
      if (orphaned) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir} (held by pid ${pid})`, { cause: e });
      if (!told) log(`waiting for another install of the VS Code server (pid ${pid}) to finish...`);
      told = true;
      await sleep(2000);
    }
  }
  // Exiting mid-install (Ctrl-C, a timeout) skips the finally below: let the next run find no lock at all.
  const release = () => fs.rmSync(lockDir, { recursive: true, force: true });
  process.on('exit', release);
  try {
    return await fn();
  } finally {
    process.removeListener('exit', release);
    release();
  }
}

/** Folders beside `dir` that an install in progress uses: `<dir>.partial-<pid>` (being filled), `<dir>.old-<pid>`. */
function scratchDirs(dir: string): string[] {
  const parent = path.dirname(dir);
  const prefix = `${path.basename(dir)}.`;
  if (!fs.existsSync(parent)) return [];
  return fs
    .readdirSync(parent)
    .filter((n) => n.startsWith(prefix) && /\.(partial|old)-\d+$/.test(n))
    .map((n) => path.join(parent, n));
}

/**
 * Makes sure the pinned server is installed in `.vscode-test/server` and returns its paths. Idempotent: when
 * the installed versions match and server-main.js exists, it does nothing. Otherwise it installs into
 * `<dir>.partial-<pid>` beside it and renames that into place only once it is complete and checked, so an
 * interrupted or failed install never leaves a half-filled server folder (the next run removes the leftovers).
 * npm runs on the `node` devDependency's Node 24; the code-server install has that Node first on PATH and the
 * headers of the node-<platform> package as `npm_config_nodedir`, so native modules build for Node 24's ABI.
 */
export async function ensureServer(options: { dir?: string; log?: (line: string) => void } = {}): Promise<ServerPaths> {
  const log = options.log ?? ((line: string) => console.log(`[vscode-server] ${line}`));
  const paths = serverPaths(options.dir);
  if (!installProblem(paths)) return paths;

  fs.mkdirSync(path.dirname(paths.dir), { recursive: true });
  return withLock(`${paths.dir}.install.lock`, log, async () => {
    const problem = installProblem(paths); // someone else may have installed it while we waited
    if (!problem) return paths;
    // We hold the lock: whatever scratch folders exist were left by installs that were interrupted.
    for (const d of scratchDirs(paths.dir)) {
      log(`removing ${path.basename(d)}, left by an interrupted install`);
      fs.rmSync(d, { recursive: true, force: true, maxRetries: 3 });
    }
    const node = installNode();
    const cli = npmCli();
    log(`installing VS Code ${VSCODE_VERSION} (code-server@${CODE_SERVER_VERSION}) into ${paths.dir}: ${problem}`);
    log(`npm runs on ${node}; this takes a few minutes (native modules are compiled; Debian needs libkrb5-dev, python3, make and g++)`);
    const started = Date.now();
    const staging = serverPaths(`${paths.dir}.partial-${process.pid}`);
    fs.mkdirSync(staging.dir);
    try {
      const pkg = {
        name: 'vscode-server-cache',
        private: true,
        allowScripts: { 'code-server': true, [NODE_PACKAGE]: true },
      };
      fs.writeFileSync(path.join(staging.dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
      const common = [cli, 'install', '--prefix', staging.dir, '--save-exact', '--no-audit', '--no-fund', '--foreground-scripts'];
      const nodeOnPath = (dir: string) => `${dir}${path.delimiter}${process.env.PATH ?? ''}`;

      await run(node, [...common, `${NODE_PACKAGE}@${NODE_VERSION}`], staging.dir, npmEnv({ PATH: nodeOnPath(path.dirname(node)) }), log);
      // The server's own Node (and its headers, which the `node` devDependency does not keep) is now in staging.
      const env = npmEnv({ PATH: nodeOnPath(path.dirname(staging.nodeBinary)), npm_config_nodedir: staging.nodeDir });
      await run(node, [...common, `code-server@${CODE_SERVER_VERSION}`], staging.dir, env, log);

      const after = installProblem(staging);
      if (after) throw new Error(`the VS Code server install finished but is not usable: ${after}`);
      // Into place: an unusable folder at the target (an older pin, a half-filled one) goes aside first.
      if (fs.existsSync(paths.dir)) fs.renameSync(paths.dir, `${paths.dir}.old-${process.pid}`);
      fs.renameSync(staging.dir, paths.dir);
    } finally {
      for (const d of scratchDirs(paths.dir)) fs.rmSync(d, { recursive: true, force: true, maxRetries: 3 });
    }
    log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
    return paths;
  });
}

if (require.main === module) {
  // Ctrl-C or a CI timeout: exit through process.exit, so that the 'exit' hooks stop npm's process group.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(sig === 'SIGINT' ? 130 : 143));
  ensureServer().then(
    (p) => console.log(`[vscode-server] ready: ${p.serverMain}`),
    (e) => {
      console.error(`[vscode-server] install failed: ${e instanceof Error ? e.message : e}`);
      process.exit(1);
    },
  );
}
