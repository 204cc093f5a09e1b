/**
 * The base of every tree view here. The data behind a view changes all the time (the store, the Pushgateway
 * poller's state, the scraper's targets) but little between two reads, and redrawing the whole tree on every
 * change would cancel a hover or a selection under the user's mouse every few seconds. So this redraws only what
 * looks different: a list whose members changed is fetched again with its parent, a row whose label, description,
 * icon or menus changed is drawn again. It keeps one cache of the node objects handed to VS Code (firing a change
 * needs the very object it was given), one signature per drawn row, and one age ticker (ages change with time alone).
 *
 * Tooltips are made when VS Code asks for one (resolveTreeItem, on hover), so they say what is true then. VS Code
 * keeps a tooltip it was given until the row is drawn again, so a row whose tooltip was shown is drawn again once
 * that tooltip would read differently, but not before it has been open for a moment (a redraw closes it).
 *
 * A view that knows which parts of its data changed (the store names the instances) passes a scope to schedule(),
 * so only the rows in that scope and their ancestors are looked at; without one, every drawn row is.
 */
import * as vscode from 'vscode';

export interface TreeNode<N> {
  readonly id: string;
  readonly parent: N | undefined;
}

/** Which cached nodes a redraw looks at (their ancestors come along). */
export type RedrawScope<N> = (node: N) => boolean;

/** What a redraw waits to do: rebuild everything, look at every row, or look at the rows in some scopes. */
type Pending<N> = 'reset' | 'all' | RedrawScope<N>[];

/** What a row shows; two draws with the same signature look the same. */
function signature(t: vscode.TreeItem): string {
  // The tooltip is not here: it is resolved apart (see `tips`).
  const icon = t.iconPath instanceof vscode.ThemeIcon ? `${t.iconPath.id}/${t.iconPath.color?.id ?? ''}` : '';
  const label = typeof t.label === 'string' ? t.label : t.label?.label;
  return [label, t.description, icon, t.collapsibleState, t.contextValue].join('\u0000');
}

export abstract class RedrawingTreeProvider<N extends TreeNode<N>> implements vscode.TreeDataProvider<N>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<N | N[] | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Every node handed to VS Code, by id. */
  private readonly nodes = new Map<string, N>();
  /** What each row looked like when last drawn. */
  private readonly drawn = new Map<string, string>();
  /** The children each parent (root: '') listed when last asked. */
  private readonly listed = new Map<string, string>();
  /** The tooltips VS Code holds (it asks once per draw of a row): what each said, and when it was made. */
  private readonly tips = new Map<string, { text: string; atMs: number }>();
  private pending: Pending<N> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ageTimer: NodeJS.Timeout | undefined;
  /** Change events fired so far (tests read it). */
  refreshes = 0;
  /** A tooltip shown less than this long ago is left alone: redrawing its row would close it under the mouse. Tests shorten it. */
  tooltipHoldMs = 5_000;

  constructor(
    protected readonly now: () => number = Date.now,
    private readonly refreshIntervalMs = 250,
    private readonly ageTickMs = 10_000,
  ) {}

  protected abstract draw(node: N, nowMs: number): vscode.TreeItem;
  protected abstract childrenOf(node: N | undefined): N[];
  protected abstract tooltip(node: N, nowMs: number): string | vscode.MarkdownString | undefined;

  getTreeItem(node: N): vscode.TreeItem {
    const t = this.draw(node, this.now());
    this.drawn.set(node.id, signature(t));
    this.tips.delete(node.id); // a row drawn again has no tooltip until VS Code asks for it
    return t;
  }

  /** VS Code asks for a row's tooltip when the mouse rests on it. */
  resolveTreeItem(item: vscode.TreeItem, node: N): vscode.TreeItem {
    const now = this.now();
    item.tooltip = this.tooltip(node, now);
    this.tips.set(node.id, { text: tipText(item.tooltip), atMs: now });
    return item;
  }

  getParent(node: N): N | undefined {
    return node.parent;
  }

  getChildren(node?: N): N[] {
    const children = this.childrenOf(node).map((c) => this.node(c));
    this.remember(node?.id ?? '', children);
    return children;
  }

  /** Ages ("5s ago") change with time alone: every row is looked at on a tick while the view is visible. */
  setVisible(visible: boolean): void {
    if (visible && !this.ageTimer) {
      this.ageTimer = setInterval(() => this.redraw(), this.ageTickMs);
      this.ageTimer.unref?.();
    } else if (!visible && this.ageTimer) {
      clearInterval(this.ageTimer);
      this.ageTimer = undefined;
    }
  }

  /**
   * Asks for a redraw soon; many changes in a burst make one. `scope` limits it to some rows (and their
   * ancestors); 'reset' rebuilds the whole tree (the data was replaced, as when the store is cleared).
   */
  protected schedule(scope?: RedrawScope<N> | 'reset'): void {
    if (scope === 'reset' || this.pending === 'reset') this.pending = 'reset';
    else if (!scope || this.pending === 'all') this.pending = 'all';
    else this.pending = [...(this.pending ?? []), scope];
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.redrawPending();
    }, this.refreshIntervalMs);
  }

  /** Redraws a pending change now (tests call it to skip the wait). */
  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.redrawPending();
  }

  /** Fires what looks different from what was drawn, among the rows in scope (all when none is given) and their ancestors. */
  redraw(scope?: RedrawScope<N>): void {
    const rootBefore = this.listed.get('');
    if (rootBefore !== undefined && listKey(this.childrenOf(undefined)) !== rootBefore) return this.redrawAll();
    const now = this.now();
    const toFire = new Set<N>();
    for (const node of this.inScope(scope)) {
      const before = this.listed.get(node.id);
      if (before !== undefined && listKey(this.childrenOf(node)) !== before) toFire.add(node);
      else if (this.drawn.has(node.id) && this.drawn.get(node.id) !== signature(this.draw(node, now))) toFire.add(node);
      else if (this.tipChanged(node, now)) toFire.add(node);
    }
    // A node fired with one of its ancestors is redrawn with it.
    const top = [...toFire].filter((n) => {
      for (let p = n.parent; p; p = p.parent) if (toFire.has(p)) return false;
      return true;
    });
    if (top.length) {
      this.refreshes++;
      this.changed.fire(top);
    }
  }

  /** Redraws the whole tree with new node objects (the same ids: VS Code keeps what is expanded and selected). */
  redrawAll(): void {
    this.nodes.clear();
    this.drawn.clear();
    this.listed.clear();
    this.tips.clear();
    this.refreshes++;
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.setVisible(false);
    this.changed.dispose();
  }

  private redrawPending(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending === 'reset') this.redrawAll();
    else if (pending === 'all') this.redraw();
    else if (pending) this.redraw((n) => pending.some((inScope) => inScope(n)));
  }

  /** A tooltip VS Code holds, shown long enough, would now read differently. */
  private tipChanged(node: N, now: number): boolean {
    const shown = this.tips.get(node.id);
    return shown !== undefined && now - shown.atMs >= this.tooltipHoldMs && shown.text !== tipText(this.tooltip(node, now));
  }

  /** The cached nodes in scope, with their ancestors: a change in a child may change what its parents say. */
  private inScope(scope: RedrawScope<N> | undefined): Iterable<N> {
    if (!scope) return this.nodes.values();
    const found = new Set<N>();
    for (const node of this.nodes.values()) {
      if (found.has(node) || !scope(node)) continue;
      found.add(node);
      for (let p = node.parent; p && !found.has(p); p = p.parent) found.add(p);
    }
    return found;
  }

  /** The cached node with this id, or this one. A "… more" row (it has `hidden`) is replaced: its count is part of it. */
  private node(fresh: N): N {
    const known = this.nodes.get(fresh.id);
    if (known && !('hidden' in fresh)) return known;
    this.nodes.set(fresh.id, fresh);
    return fresh;
  }

  private remember(parentId: string, children: N[]): void {
    const now = new Set(children.map((c) => c.id));
    const before = this.listed.get(parentId);
    if (before) for (const old of JSON.parse(before) as string[]) if (!now.has(old.split('\u0000')[0])) this.forget(old.split('\u0000')[0]);
    this.listed.set(parentId, listKey(children));
  }

  private forget(id: string): void {
    this.nodes.delete(id);
    this.drawn.delete(id);
    this.tips.delete(id);
    const listed = this.listed.get(id);
    this.listed.delete(id);
    if (listed) for (const child of JSON.parse(listed) as string[]) this.forget(child.split('\u0000')[0]);
  }
}

function tipText(tip: string | vscode.MarkdownString | undefined): string {
  return typeof tip === 'string' ? tip : (tip?.value ?? '');
}

/** The ids of a list, in order, with a "… more" row's count. */
function listKey(children: { id: string }[]): string {
  return JSON.stringify(children.map((c) => ('hidden' in c ? `${c.id}\u0000${String((c as { hidden: unknown }).hidden)}` : c.id)));
}
