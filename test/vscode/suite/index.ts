// The extension-test suite's entry point, loaded inside VS Code's extension host by both launchers
// (runReal: the VS Code server in headless Chromium; runElectron: @vscode/test-electron's desktop VS Code).
// It runs mocha (bdd: describe/it) over every *.test.js compiled next to this file, and rejects when a test fails.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(p));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(p);
  }
  return found.sort();
}

export function run(): Promise<void> {
  return runTestsIn(__dirname);
}

/** Runs every *.test.js under `dir` (the other suites' indexes, smoke/ and trust/, use it for their own folders). */
export function runTestsIn(dir: string): Promise<void> {
  // TI_VSCODE_GREP runs only the tests whose full title matches (while working on one suite).
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 60_000, ...(process.env.TI_VSCODE_GREP ? { grep: process.env.TI_VSCODE_GREP } : {}) });
  const files = findTests(dir);
  return new Promise<void>((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no *.test.js under ${dir}: build first (node esbuild.config.mjs --tests)`));
      return;
    }
    for (const f of files) mocha.addFile(f);
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, pending = 0 } = runner.stats ?? {};
        console.log(`vscode: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
        if (failures > 0) reject(new Error(`${failures} extension test(s) failed`));
        else resolve();
      });
    } catch (e) {
      reject(e);
    }
  });
}
