// The smoke suite's entry point: runs test/vscode/smoke/*.test.js in the extension host of a VS Code that has the
// built .vsix installed (launcher/runSmoke.ts), not the repository loaded as a development extension.
import { runTestsIn } from '../suite/index';

export function run(): Promise<void> {
  return runTestsIn(__dirname);
}
