import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderEnvSnippet, type SnippetFormat } from '../../../../src/core/env/snippet';
import { resolveEnvTarget } from '../../../../src/core/env/target';
import { CLI, run } from '../../../helpers/process';

/**
 * The snippets are run by the shells they are for, and the environment they set is read back by a
 * child process. CI installs fish and zsh from Debian: there a missing one fails. PowerShell and cmd are not
 * Debian packages, so their snippets are checked by exact output in test/unit/core/env/snippet.test.ts.
 */
interface Shell {
  name: string;
  bin: string;
  format: SnippetFormat;
  ext: string;
  /** argv that sources `file` and then runs `node printer`. */
  argv(file: string, printer: string): string[];
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

const SHELLS: Shell[] = [
  { name: 'bash', bin: 'bash', format: 'bash', ext: 'sh', argv: (f, p) => ['--noprofile', '--norc', '-c', `source ${q(f)} && exec ${q(process.execPath)} ${q(p)}`] },
  { name: 'zsh', bin: 'zsh', format: 'bash', ext: 'sh', argv: (f, p) => ['-f', '-c', `source ${q(f)} && exec ${q(process.execPath)} ${q(p)}`] },
  { name: 'fish', bin: 'fish', format: 'fish', ext: 'fish', argv: (f, p) => ['--no-config', '-c', `source ${q(f)}; and exec ${q(process.execPath)} ${q(p)}`] },
];

function which(bin: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  const found = r.stdout.trim();
  return r.status === 0 && found && existsSync(found) ? found : undefined;
}

/** Values a shell would mangle if quoted wrongly: spaces, both quotes, $, backslashes, globs, backticks. */
const NASTY_SERVICE = `my "agent" it's $HOME \\ \\\\n $(echo pwned) \`id\` * ? ! %PATH% ; & | < > # ~ {a,b}`;
const NASTY_GATEWAY = 'http://127.0.0.1:9091/pre fix/$x';
const NAMES = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_SERVICE_NAME', 'PUSHGATEWAY_URL'];

describe('env snippets run by real shells', function () {
  this.timeout(60_000);
  let dir: string;
  let printer: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ti-env-'));
    printer = path.join(dir, 'print-env.js');
    writeFileSync(printer, `console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(NAMES)}.map((n) => [n, process.env[n] ?? null]))));\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Sources the snippet in the shell and returns the variables its child sees. */
  function runIn(shell: Shell, snippet: string, tag: string): Record<string, string | null> {
    const file = path.join(dir, `${shell.name}-${tag}.${shell.ext}`);
    writeFileSync(file, snippet);
    const env = { ...process.env };
    for (const n of NAMES) delete env[n];
    env.HOME = '/home/nobody-here';
    const r = spawnSync(shell.bin, shell.argv(file, printer), { encoding: 'utf8', env, timeout: 30_000 });
    assert.equal(r.status, 0, `${shell.name} failed (${r.status} ${r.signal ?? ''}):\n${r.stderr}\n--- snippet ---\n${snippet}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, string | null>;
  }

  for (const shell of SHELLS) {
    describe(shell.name, () => {
      before(function () {
        if (which(shell.bin)) return;
        if (process.env.CI === 'true') throw new Error(`${shell.bin} is not installed, and CI installs it (apt-get install ${shell.bin})`);
        console.log(`      skipped: ${shell.bin} is not installed`);
        this.skip();
      });

      it(`sets exactly the values from the core API (${shell.format} format), quotes and all`, () => {
        const { target } = resolveEnvTarget({ location: 'local', receiver: { host: '0.0.0.0', httpPort: 4318 }, serviceName: NASTY_SERVICE, pushgatewayUrl: NASTY_GATEWAY });
        const seen = runIn(shell, renderEnvSnippet({ format: shell.format, variables: target }), 'api');
        assert.deepEqual(seen, {
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
          OTEL_SERVICE_NAME: NASTY_SERVICE,
          PUSHGATEWAY_URL: NASTY_GATEWAY,
        });
      });

      it(`sets what \`telemetry-inspector env --format ${shell.format} --grpc\` prints`, async () => {
        const done = await run(CLI, ['env', '--format', shell.format, '--grpc', '--service-name', NASTY_SERVICE, '--pushgateway', 'http://127.0.0.1:9091'], { PUSHGATEWAY_URL: '' });
        assert.equal(done.code, 0, done.stderr);
        assert.equal(done.stderr, '');
        const seen = runIn(shell, done.stdout, 'cli');
        assert.deepEqual(seen, {
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317',
          OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
          OTEL_SERVICE_NAME: NASTY_SERVICE,
          PUSHGATEWAY_URL: 'http://127.0.0.1:9091',
        });
      });
    });
  }

  it('env --target docker prints the container host and warns on stderr about a loopback receiver', async () => {
    const done = await run(CLI, ['env', '--target', 'docker', '--format', 'dotenv', '--service-name', 'svc'], { PUSHGATEWAY_URL: '' });
    assert.equal(done.code, 0, done.stderr);
    assert.equal(done.stdout, 'OTEL_EXPORTER_OTLP_ENDPOINT=http://host.docker.internal:4318\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\nOTEL_SERVICE_NAME=svc\n');
    assert.match(done.stderr, /^warning: The receiver listens on 127\.0\.0\.1 \(loopback only\)/m);
    const open = await run(CLI, ['env', '--target', 'podman', '--listen', '0.0.0.0', '--format', 'docker-compose', '--port', '5318'], { PUSHGATEWAY_URL: '' });
    assert.equal(open.code, 0, open.stderr);
    assert.equal(open.stderr, '');
    assert.match(open.stdout, /^environment:\n {2}OTEL_EXPORTER_OTLP_ENDPOINT: "http:\/\/host\.containers\.internal:5318"$/m);
  });

  it('env with a wrong flag, or --target other without --host, exits 1 with a message', async () => {
    const bad = await run(CLI, ['env', '--format', 'tcsh']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--format must be one of/);
    const other = await run(CLI, ['env', '--target', 'other']);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /needs the host name/);
    const ok = await run(CLI, ['env', '--target', 'other', '--host', 'devbox.lan', '--listen', '0.0.0.0']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^export OTEL_EXPORTER_OTLP_ENDPOINT=http:\/\/devbox\.lan:4318$/m);
  });
});
