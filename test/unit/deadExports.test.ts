// An export nobody imports is dead code that still has to be read and kept working: every value (function, class,
// constant) exported from src/ must be used by another file of src/, test/ or bench/ (or be an entry point VS Code
// calls). Types are left out: a type in an exported signature is part of that signature.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
/** Called by VS Code or the runtime, not imported. */
const ENTRY_POINTS = new Set(['activate', 'deactivate']);

function listTs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listTs(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('exports', () => {
  it('every name exported from src/ is used outside its own file', () => {
    const files = ['src', 'test', 'bench'].flatMap((d) => listTs(path.join(root, d)));
    const text = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
    const dead: string[] = [];
    for (const file of files.filter((f) => f.startsWith(path.join(root, 'src') + path.sep))) {
      const source = text.get(file)!;
      const names = [...source.matchAll(/^export\s+(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|const|let|class|enum)\s+(\w+)/gm)].map((m) => m[1]);
      for (const name of names) {
        if (ENTRY_POINTS.has(name)) continue;
        const word = new RegExp(`\\b${name}\\b`);
        const used = files.some((other) => other !== file && word.test(text.get(other)!));
        if (!used) dead.push(`${path.relative(root, file)}: ${name}`);
      }
    }
    assert.deepEqual(dead, [], `exported but never used elsewhere:\n${dead.join('\n')}`);
  });
});
