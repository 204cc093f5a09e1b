/**
 * The environment an app needs to send its telemetry here, written out in the format the user pastes it into.
 * Quoting follows each shell's own rules, so a value comes out in the environment exactly as given.
 * No 'vscode' here: the extension's command and the CLI render the same text.
 */

/** Where the snippet goes. */
export type SnippetFormat = 'bash' | 'fish' | 'powershell' | 'cmd' | 'dotenv' | 'docker-compose' | 'launch-json';

export interface SnippetFormatInfo {
  id: SnippetFormat;
  label: string;
  /** Where it is pasted, for pickers. */
  detail: string;
}

export const SNIPPET_FORMATS: readonly SnippetFormatInfo[] = [
  { id: 'bash', label: 'bash / zsh', detail: 'export lines for a POSIX shell' },
  { id: 'fish', label: 'fish', detail: 'set -gx lines' },
  { id: 'powershell', label: 'PowerShell', detail: '$env: assignments' },
  { id: 'cmd', label: 'cmd', detail: 'set "NAME=value" lines for the Windows command prompt' },
  { id: 'dotenv', label: '.env', detail: 'NAME=value lines for a .env file' },
  { id: 'docker-compose', label: 'docker-compose', detail: 'an environment: block for a service' },
  { id: 'launch-json', label: 'launch.json', detail: 'an "env" object for a debug configuration' },
];

export function isSnippetFormat(value: unknown): value is SnippetFormat {
  return SNIPPET_FORMATS.some((f) => f.id === value);
}

/** One environment variable: name and value, in the order they are written. */
export type EnvVariable = readonly [name: string, value: string];

export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

/** What the app should send to, before it is turned into variables. */
export interface TelemetryTarget {
  /** Base URL of the OTLP endpoint, e.g. http://127.0.0.1:4318 (the SDK appends /v1/traces and so on). */
  otlpHttpEndpoint: string;
  protocol?: OtlpProtocol;
  /** Sets OTEL_SERVICE_NAME when given. */
  serviceName?: string;
  /** Sets PUSHGATEWAY_URL (the name the users' own scripts read) when given. */
  pushgatewayUrl?: string;
}

export interface EnvSnippetInput {
  format: SnippetFormat;
  /** Variables to write as they are, or a target to derive them from (see envVariables). */
  variables: readonly EnvVariable[] | TelemetryTarget;
  /** docker-compose only: a YAML map (default) or a list of NAME=value strings. */
  composeStyle?: 'map' | 'list';
}

/** The standard OTEL_* variables (and the Pushgateway URL) for a target, in a stable order. */
export function envVariables(target: TelemetryTarget): EnvVariable[] {
  const vars: EnvVariable[] = [
    ['OTEL_EXPORTER_OTLP_ENDPOINT', target.otlpHttpEndpoint],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', target.protocol ?? 'http/protobuf'],
  ];
  if (target.serviceName) vars.push(['OTEL_SERVICE_NAME', target.serviceName]);
  if (target.pushgatewayUrl) vars.push(['PUSHGATEWAY_URL', target.pushgatewayUrl]);
  return vars;
}

/** An http:// URL for a host and port, with IPv6 addresses in brackets. */
export function httpUrl(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

/** A snippet that cannot be written in the chosen format (e.g. a line break in a cmd value). */
export class SnippetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnippetError';
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Characters no shell or .env parser treats specially: such values are written bare (zsh expands a leading =). */
const PLAIN = /^(?!=)[A-Za-z0-9_@%+=:,./-]+$/;

/** The snippet text, one variable per line, ending with a newline. */
export function renderEnvSnippet(input: EnvSnippetInput): string {
  const vars = Array.isArray(input.variables) ? (input.variables as readonly EnvVariable[]) : envVariables(input.variables as TelemetryTarget);
  for (const [name] of vars) {
    if (!NAME.test(name)) throw new SnippetError(`${JSON.stringify(name)} is not a valid environment variable name`);
  }
  const lines = render(input.format, vars, input.composeStyle ?? 'map');
  return lines.join('\n') + '\n';
}

function render(format: SnippetFormat, vars: readonly EnvVariable[], composeStyle: 'map' | 'list'): string[] {
  switch (format) {
    case 'bash':
      return vars.map(([n, v]) => `export ${n}=${posixQuote(v)}`);
    case 'fish':
      return vars.map(([n, v]) => `set -gx ${n} ${fishQuote(v)}`);
    case 'powershell':
      return vars.map(([n, v]) => `$env:${n} = ${powershellQuote(v)}`);
    case 'cmd':
      return vars.map(([n, v]) => `set "${n}=${cmdValue(n, v)}"`);
    case 'dotenv':
      return vars.map(([n, v]) => `${n}=${dotenvQuote(v)}`);
    case 'docker-compose':
      // Compose interpolates $VAR and ${VAR} in the file itself; $$ is its escape for a literal $.
      return composeStyle === 'list'
        ? ['environment:', ...vars.map(([n, v]) => `  - ${JSON.stringify(`${n}=${v}`.replace(/\$/g, '$$$$'))}`)]
        : ['environment:', ...vars.map(([n, v]) => `  ${n}: ${JSON.stringify(v.replace(/\$/g, '$$$$'))}`)];
    case 'launch-json': {
      const env: Record<string, string> = {};
      for (const [n, v] of vars) env[n] = v;
      return [`"env": ${JSON.stringify(env, null, 2)}`];
    }
  }
}

/** POSIX sh (bash, zsh): single quotes keep everything literal; a ' is closed, escaped and reopened. */
function posixQuote(value: string): string {
  if (PLAIN.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** fish: inside single quotes only \\ and \' are escapes. */
function fishQuote(value: string): string {
  if (PLAIN.test(value)) return value;
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** PowerShell: single-quoted strings are literal; a quote is doubled, and PowerShell counts ‘ ’ ‚ ‛ as quotes too. */
function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (c) => c + c)}'`;
}

/**
 * cmd: `set "NAME=value"` keeps & | < > ^ literal. A double quote or a line break cannot be written safely,
 * so they are refused rather than mangled. (% is expanded only when it names a defined variable.)
 */
function cmdValue(name: string, value: string): string {
  if (/["\r\n]/.test(value)) throw new SnippetError(`${name} holds a double quote or a line break, which cmd cannot set safely: pick PowerShell instead`);
  return value;
}

/**
 * .env (docker compose, dotenv, python-dotenv): bare when plain, else single quotes (literal in every
 * dialect); double quotes with escapes only when the value holds a single quote or a line break.
 */
function dotenvQuote(value: string): string {
  if (value === '') return "''";
  if (PLAIN.test(value)) return value;
  if (!/['\r\n]/.test(value)) return `'${value}'`;
  return `"${value.replace(/[\\"\n\r]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`))}"`;
}
