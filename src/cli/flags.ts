import { SIGNALS, type Signal } from '../core/model/records';
import { UsageError } from './args';

/** Walks `--flag value` / `--flag=value` arguments for the subcommands; `value()` takes the flag's value. */
export function eachFlag(argv: readonly string[], visit: (flag: string, value: () => string) => void): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    let used = inline === undefined;
    visit(flag, () => {
      if (inline !== undefined) {
        used = true;
        return inline;
      }
      const v = argv[i + 1];
      if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${flag} needs a value`);
      i++;
      return v;
    });
    if (!used) throw new UsageError(`${flag} takes no value`);
  }
}

/** A `name=value` header flag (`--header`, `--forward-header`); `name=env:VAR` takes the value from $VAR, so a token stays off the command line. */
export function headerFlag(flag: string, v: string, env: NodeJS.ProcessEnv): [name: string, value: string] {
  const eq = v.indexOf('=');
  if (eq < 1) throw new UsageError(`${flag} must be name=value or name=env:VARIABLE, got "${v}"`);
  const name = v.slice(0, eq).trim();
  const value = v.slice(eq + 1);
  if (!value.startsWith('env:')) return [name, value];
  const variable = value.slice(4);
  const fromEnv = env[variable];
  if (!fromEnv) throw new UsageError(`${flag} ${name}: the environment variable ${variable} is not set`);
  return [name, fromEnv];
}

/** A comma-separated list of signals (`--signals`, `--forward-signals`). */
export function signalsFlag(flag: string, v: string): Signal[] {
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (!list.length || list.some((s) => !SIGNALS.includes(s as Signal))) throw new UsageError(`${flag} takes a list of ${SIGNALS.join(', ')}, got "${v}"`);
  return list as Signal[];
}
