// The Workspace Trust suite's entry point: runs test/vscode/trust/*.test.js in a VS Code with Workspace Trust
// enabled and an untrusted folder open (launcher/runTrust.ts).
import { runTestsIn } from '../suite/index';

export function run(): Promise<void> {
  return runTestsIn(__dirname);
}
