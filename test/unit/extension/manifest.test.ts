// package.json's menus, welcome views and `when` clauses against the code: every name they use must exist,
// or a menu silently never shows (a renamed contextValue, a command id with a typo, a context key nobody sets).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes;

/** Every TypeScript source of the extension and the engine, concatenated: the names the manifest uses must appear in it. */
function sourceText(dir: string): string {
  let text = '';
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) text += sourceText(p);
    else if (entry.name.endsWith('.ts')) text += fs.readFileSync(p, 'utf8') + '\n';
  }
  return text;
}
const code = sourceText(path.join(root, 'src'));

/**
 * The contextValues the views declare: the string values of their `…CONTEXT` constants (objects or single strings),
 * which is where every view keeps them so the menus here have one list to match.
 */
function contextValues(dir: string): Set<string> {
  const values = new Set<string>();
  const text = sourceText(dir);
  for (const [, body] of text.matchAll(/\b\w*CONTEXT\w*\s*=\s*\{([^}]*)\}/g)) for (const [, v] of body.matchAll(/:\s*'([^']+)'/g)) values.add(v);
  for (const [, v] of text.matchAll(/\b\w*_CONTEXT\w*\s*=\s*'([^']+)'/g)) values.add(v);
  return values;
}

interface MenuEntry {
  command?: string;
  submenu?: string;
  when?: string;
}
const menus = Object.entries(contributes.menus as Record<string, MenuEntry[]>).flatMap(([menu, entries]) => entries.map((e) => ({ menu, ...e })));
const welcome = Object.values(contributes.viewsWelcome as { view: string; when?: string }[]);
const whens = [...menus.map((m) => m.when), ...welcome.map((w) => w.when)].filter((w): w is string => !!w);
const declaredCommands = new Set((contributes.commands as { command: string }[]).map((c) => c.command));
const declaredViews = new Set(Object.values(contributes.views as Record<string, { id: string }[]>).flatMap((vs) => vs.map((v) => v.id)));

describe('package.json manifest against the code', () => {
  it('every command in a menu is declared, and every declared command is registered in code', () => {
    for (const m of menus) if (m.command) assert.ok(declaredCommands.has(m.command), `${m.menu} names undeclared command ${m.command}`);
    for (const id of declaredCommands) assert.ok(code.includes(`'${id}'`), `declared command ${id} is never registered in src/`);
  });

  it('every view a when clause or welcome view names is declared', () => {
    for (const w of welcome) assert.ok(declaredViews.has(w.view), `viewsWelcome names undeclared view ${w.view}`);
    for (const when of whens) {
      for (const [, view] of when.matchAll(/\b(?:view|focusedView) == ([\w.]+)/g)) assert.ok(declaredViews.has(view), `"${when}" names undeclared view ${view}`);
    }
  });

  it('every viewItem a menu matches is a contextValue the views set', () => {
    // The rows are drawn in core/views/tree (where the data lives); the extension only maps them to tree items.
    const values = new Set([...contextValues(path.join(root, 'src/extension/views')), ...contextValues(path.join(root, 'src/core/views/tree'))]);
    for (const when of whens) {
      for (const [, value] of when.matchAll(/\bviewItem == (\w+)/g)) assert.ok(values.has(value), `"${when}" matches viewItem ${value}, which no view sets`);
      for (const [, prefix] of when.matchAll(/\bviewItem =~ \/\^(\w+)\//g)) {
        assert.ok([...values].some((v) => v.startsWith(prefix)), `"${when}" matches viewItem /^${prefix}/, which no view sets`);
      }
    }
  });

  it('every context key of ours in a when clause is set by the code', () => {
    const keys = new Set(whens.flatMap((w) => [...w.matchAll(/\b(telemetryInspector\.\w+)\b/g)].map((m) => m[1])));
    for (const key of keys) {
      if (declaredViews.has(key) || declaredCommands.has(key)) continue;
      assert.ok(code.includes(`'${key}'`), `context key ${key} is read by a when clause but never set in src/`);
    }
  });
});
