// Installs (once) the VS Code server that the real-VS-Code launcher runs: the VS Code server build shipped in
// the `code-server` npm package, run by a Node 24 from the `node-<platform>-<arch>` npm package. Both live in
// `.vscode-test/server` (git-ignored) and are reused while their versions match the pins below.
// See shared/REAL-VSCODE.md for why it is done this way.
import { spawn } from 'node:child_process';
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

/** An environment for npm that cannot be steered by the npm that may have started us (`npm run ...`). */
function npmEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    const lower = k.toLowerCase();
    if (lower === 'npm_config_prefix' || lower === 'npm_config_local_prefix' || lower === 'npm_config_global') continue;
    if (lower.startsWith('npm_package_') || lower.startsWith('npm_lifecycle_')) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  log(`$ ${cmd} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    // stdout/stderr inherited: npm's progress and the native builds' output stream to the terminal.
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    const killChild = () => child.kill('SIGTERM'); // we are exiting (Ctrl-C, timeout): don't leave npm behind
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

/** A lock folder so that two launchers started at once don't run npm in the same folder together. */
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
      if (Number.isInteger(pid) && pid > 0 && !alive(pid)) {
        fs.rmSync(lockDir, { recursive: true, force: true }); // its owner died
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir} (held by pid ${pid})`);
      if (!told) log(`waiting for another install of the VS Code server (pid ${pid}) to finish...`);
      told = true;
      await sleep(2000);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Makes sure the pinned server is installed in `.vscode-test/server` and returns its paths. Idempotent: when
 * the installed versions match and server-main.js exists, it does nothing. Otherwise it rewrites the folder's
 * package.json (approving the two packages' install scripts) and runs the two npm installs; the second with
 * Node 24 first on PATH and its headers as `npm_config_nodedir`, so native modules build for Node 24's ABI.
 */
export async function ensureServer(options: { dir?: string; log?: (line: string) => void } = {}): Promise<ServerPaths> {
  const log = options.log ?? ((line: string) => console.log(`[vscode-server] ${line}`));
  const paths = serverPaths(options.dir);
  if (!installProblem(paths)) return paths;

  fs.mkdirSync(path.dirname(paths.dir), { recursive: true });
  return withLock(`${paths.dir}.install.lock`, log, async () => {
    const problem = installProblem(paths); // someone else may have installed it while we waited
    if (!problem) return paths;
    log(`installing VS Code ${VSCODE_VERSION} (code-server@${CODE_SERVER_VERSION}) with Node ${NODE_VERSION} into ${paths.dir}: ${problem}`);
    log('this takes a few minutes (native modules are compiled; Debian needs libkrb5-dev, python3, make and g++)');
    const started = Date.now();
    fs.mkdirSync(paths.dir, { recursive: true });
    const pkg = {
      name: 'vscode-server-cache',
      private: true,
      allowScripts: { 'code-server': true, [NODE_PACKAGE]: true },
    };
    fs.writeFileSync(path.join(paths.dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const common = ['install', '--prefix', paths.dir, '--save-exact', '--no-audit', '--no-fund', '--foreground-scripts'];

    await run(npm, [...common, `${NODE_PACKAGE}@${NODE_VERSION}`], paths.dir, npmEnv({}), log);

    const nodeBin = path.dirname(paths.nodeBinary);
    const env = npmEnv({
      PATH: `${nodeBin}${path.delimiter}${process.env.PATH ?? ''}`,
      npm_config_nodedir: paths.nodeDir,
    });
    await run(npm, [...common, `code-server@${CODE_SERVER_VERSION}`], paths.dir, env, log);

    const after = installProblem(paths);
    if (after) throw new Error(`the VS Code server install finished but is not usable: ${after}`);
    log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
    return paths;
  });
}

if (require.main === module) {
  ensureServer().then(
    (p) => console.log(`[vscode-server] ready: ${p.serverMain}`),
    (e) => {
      console.error(`[vscode-server] install failed: ${e instanceof Error ? e.message : e}`);
      process.exit(1);
    },
  );
}
