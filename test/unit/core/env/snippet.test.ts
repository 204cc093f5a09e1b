import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  SNIPPET_FORMATS,
  SnippetError,
  envVariables,
  httpUrl,
  isSnippetFormat,
  renderEnvSnippet,
  type EnvVariable,
  type SnippetFormat,
} from '../../../../src/core/env/snippet';

/** Values that trip naive quoting: quotes of both kinds, $, backticks, backslashes, spaces, globs, unicode. */
const NASTY: EnvVariable[] = [
  ['PLAIN', 'http://127.0.0.1:4318'],
  ['SINGLE', "it's"],
  ['DOUBLE', 'say "hi"'],
  ['DOLLAR', '$HOME ${PATH} $(id)'],
  ['BACKTICK', '`id`'],
  ['BACKSLASH', 'a\\b\\\\c\\'],
  ['SPACES', '  two  spaces  '],
  ['GLOB', '*.js ?'],
  ['HASH', 'a #not a comment'],
  ['EMPTY', ''],
  ['UNICODE', 'naïve ünïcödé ✓'],
  ['MIXED', `'"\\$\`!&|;<>(){}`],
];

/**
 * Runs a script holding the snippet, then prints the environment as JSON via node. The script is a file:
 * fish refuses a script on stdin when stdin is the socket Node gives a child.
 */
function envAfter(shell: string, args: string[], script: string): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ti-snippet-'));
  try {
    const file = path.join(dir, 'script');
    fs.writeFileSync(file, script);
    const result = spawnSync(shell, [...args, file], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir } });
    assert.equal(result.status, 0, `${shell} failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as Record<string, string>;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const PRINT_ENV = `'${process.execPath}' -e 'process.stdout.write(JSON.stringify(process.env))'`;

function hasShell(name: string): boolean {
  return fs.existsSync(`/usr/bin/${name}`) || fs.existsSync(`/bin/${name}`);
}

describe('renderEnvSnippet', () => {
  const target = { otlpHttpEndpoint: 'http://127.0.0.1:4318' };

  it('derives the standard OTLP variables from a target', () => {
    assert.deepEqual(envVariables(target), [
      ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4318'],
      ['OTEL_EXPORTER_OTLP_PROTOCOL', 'http/protobuf'],
    ]);
    assert.deepEqual(envVariables({ ...target, protocol: 'http/json', serviceName: 'agent', pushgatewayUrl: 'http://127.0.0.1:9091' }), [
      ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4318'],
      ['OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json'],
      ['OTEL_SERVICE_NAME', 'agent'],
      ['PUSHGATEWAY_URL', 'http://127.0.0.1:9091'],
    ]);
  });

  it('writes each format the way its users expect', () => {
    const out = (format: SnippetFormat) => renderEnvSnippet({ format, variables: target });
    assert.equal(out('bash'), 'export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318\nexport OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\n');
    assert.equal(out('fish'), 'set -gx OTEL_EXPORTER_OTLP_ENDPOINT http://127.0.0.1:4318\nset -gx OTEL_EXPORTER_OTLP_PROTOCOL http/protobuf\n');
    assert.equal(out('powershell'), "$env:OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127.0.0.1:4318'\n$env:OTEL_EXPORTER_OTLP_PROTOCOL = 'http/protobuf'\n");
    assert.equal(out('cmd'), 'set "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318"\nset "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"\n');
    assert.equal(out('dotenv'), 'OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\n');
    assert.equal(
      out('docker-compose'),
      'environment:\n  OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318"\n  OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf"\n',
    );
    assert.equal(
      renderEnvSnippet({ format: 'docker-compose', variables: target, composeStyle: 'list' }),
      'environment:\n  - "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318"\n  - "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"\n',
    );
    assert.equal(
      out('launch-json'),
      '"env": {\n  "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318",\n  "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf"\n}\n',
    );
  });

  it('has a picker entry for every format', () => {
    for (const f of SNIPPET_FORMATS) {
      assert.ok(isSnippetFormat(f.id));
      assert.ok(renderEnvSnippet({ format: f.id, variables: [['A', 'b']] }).length > 0);
    }
    assert.equal(isSnippetFormat('zsh'), false);
  });

  it('bash: sourcing the snippet sets every value exactly', () => {
    const vars: EnvVariable[] = [...NASTY, ['NEWLINE', 'line one\nline two']];
    const snippet = renderEnvSnippet({ format: 'bash', variables: vars });
    const env = envAfter('bash', ['--noprofile', '--norc'], `${snippet}${PRINT_ENV}\n`);
    for (const [name, value] of vars) assert.equal(env[name], value, `${name} in:\n${snippet}`);
  });

  it('POSIX sh (dash) reads the bash snippet the same way', function () {
    if (!hasShell('dash')) this.skip();
    const snippet = renderEnvSnippet({ format: 'bash', variables: NASTY });
    const env = envAfter('dash', [], `${snippet}${PRINT_ENV}\n`);
    for (const [name, value] of NASTY) assert.equal(env[name], value, name);
  });

  it('fish: sourcing the snippet sets every value exactly', function () {
    if (!hasShell('fish')) this.skip();
    const snippet = renderEnvSnippet({ format: 'fish', variables: NASTY });
    const env = envAfter('fish', ['--no-config'], `${snippet}${PRINT_ENV}\n`);
    for (const [name, value] of NASTY) assert.equal(env[name], value, `${name} in:\n${snippet}`);
  });

  it('PowerShell: single quotes doubled, typographic quotes too', () => {
    const out = renderEnvSnippet({ format: 'powershell', variables: [['A', "it's ‘x’ $HOME"]] });
    assert.equal(out, "$env:A = 'it''s ‘‘x’’ $HOME'\n");
  });

  it('cmd: special characters stay inside the quotes; unsafe values are refused', () => {
    assert.equal(renderEnvSnippet({ format: 'cmd', variables: [['A', 'a & b | c > d']] }), 'set "A=a & b | c > d"\n');
    assert.throws(() => renderEnvSnippet({ format: 'cmd', variables: [['A', 'say "hi"']] }), SnippetError);
    assert.throws(() => renderEnvSnippet({ format: 'cmd', variables: [['A', 'a\nb']] }), /PowerShell/);
  });

  it('.env: bare when plain, single-quoted when not, double-quoted with escapes as a last resort', () => {
    const out = renderEnvSnippet({
      format: 'dotenv',
      variables: [
        ['A', 'http://x:1/y'],
        ['B', 'a #b $c'],
        ['C', "it's"],
        ['D', 'two\nlines'],
        ['E', ''],
      ],
    });
    assert.equal(out, `A=http://x:1/y\nB='a #b $c'\nC="it's"\nD="two\\nlines"\nE=''\n`);
  });

  it('docker-compose: YAML double-quoted values, $ escaped as $$', () => {
    const out = renderEnvSnippet({ format: 'docker-compose', variables: NASTY });
    const lines = out.trimEnd().split('\n');
    assert.equal(lines[0], 'environment:');
    lines.slice(1).forEach((line, i) => {
      const m = /^ {2}([A-Z_]+): (".*")$/.exec(line);
      assert.ok(m, line);
      assert.equal(m[1], NASTY[i][0]);
      // A YAML double-quoted scalar with only JSON escapes reads back as JSON does; compose then turns $$ into $.
      assert.equal((JSON.parse(m[2]) as string).replace(/\$\$/g, '$'), NASTY[i][1]);
    });
  });

  it('launch.json: an "env" object that parses back to the values', () => {
    const out = renderEnvSnippet({ format: 'launch-json', variables: NASTY });
    assert.ok(out.startsWith('"env": {'));
    const parsed = JSON.parse(`{${out}}`) as { env: Record<string, string> };
    assert.deepEqual(parsed.env, Object.fromEntries(NASTY));
  });

  it('refuses names that are not environment variable names', () => {
    assert.throws(() => renderEnvSnippet({ format: 'bash', variables: [['A B', 'x']] }), /not a valid environment variable name/);
    assert.throws(() => renderEnvSnippet({ format: 'bash', variables: [['1A', 'x']] }), SnippetError);
  });

  it('writes IPv6 hosts in brackets', () => {
    assert.equal(httpUrl('127.0.0.1', 4318), 'http://127.0.0.1:4318');
    assert.equal(httpUrl('::1', 4318), 'http://[::1]:4318');
    assert.equal(httpUrl('[::1]', 4318), 'http://[::1]:4318');
  });
});
