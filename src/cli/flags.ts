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
