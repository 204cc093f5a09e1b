import { existsSync } from 'node:fs';

/**
 * For a suite's before(): CI installs the Debian packages (.ci/setup), so there a missing binary fails the run;
 * elsewhere the suite is skipped with a message saying what to install.
 */
export function requireBinaries(ctx: Mocha.Context, bins: { bin: string; pkg: string }[]): void {
  const missing = bins.filter((b) => !existsSync(b.bin));
  if (missing.length === 0) return;
  const message = `${missing.map((b) => b.bin).join(', ')} missing: apt-get install ${[...new Set(missing.map((b) => b.pkg))].join(' ')}`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI must have it)`);
  console.log(`      skipped: ${message}`);
  ctx.skip();
}
