/**
 * The base of every tree view here. The rows are drawn where the data lives (the engine's worker, see
 * core/views/tree) and fetched with one request per batch; the data behind a view changes all the time but little
 * between two reads, and redrawing the whole tree on every change would cancel a hover or a selection under the
 * user's mouse every few seconds. So this redraws only what looks different: a list whose members changed is
 * fetched again with its parent, a row whose label, description, icon or menus changed is drawn again. It keeps
 * one cache of the node objects handed to VS Code (firing a change needs the very object it was given), the rows
 * fetched for them, one signature per drawn row, and one age ticker (ages change with time alone).
 *
 * Tooltips are fetched when VS Code asks for one (resolveTreeItem, on hover), so they say what is true then. VS Code
 * keeps a tooltip it was given until the row is drawn again, so a row whose tooltip was shown is drawn again once
 * that tooltip would read differently, but not before it has been open for a moment (a redraw closes it).
 *
 * A view that knows which parts of its data changed (the store names the instances) passes a scope to schedule(),
 * so only the rows in that scope and their ancestors are looked at; without one, every drawn row is. Redraws run
 * one at a time; a request that fails (the engine is restarting) changes nothing, and a restart redraws everything.
 */
import * as vscode from 'vscode';
import type { EngineApi, RowsAnswer, TreeNodeDataByView, TreeViewId } from '../../../core/api/engineApi';
import { listKey, rowSignature, type TreeRow } from '../../../core/views/tree/treeRow';
import { tooltipOf, treeItem, type WithParent } from './treeItems';

/** Which cached nodes a redraw looks at (their ancestors come along). */
export type RedrawScope<N> = (node: N) => boolean;

/** What a redraw waits to do: rebuild everything, look at every row, or look at the rows in some scopes. */
type Pending<N> = 'reset' | 'all' | RedrawScope<N>[];

/** The node objects of a view: its node data with the node above (the parent is one of the same objects). */
export type ViewNode<V extends TreeViewId> = WithParent<TreeNodeDataByView[V], { readonly id: string; readonly kind: string }>;

type Data<V extends TreeViewId> = TreeNodeDataByView[V];

export abstract class RedrawingTreeProvider<V extends TreeViewId> implements vscode.TreeDataProvider<ViewNode<V>>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ViewNode<V> | ViewNode<V>[] | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Every node handed to VS Code, by id. */
  private readonly nodes = new Map<string, ViewNode<V>>();
  /** The row last fetched for each node. */
  private readonly rows = new Map<string, TreeRow<Data<V>>>();
  /** What each row looked like when last drawn. */
  private readonly drawn = new Map<string, string>();
  /** The children each parent (root: '') listed when last asked. */
  private readonly listed = new Map<string, string>();
  /** The tooltips VS Code holds (it asks once per draw of a row): what each said, and when it was made. */
  private readonly tips = new Map<string, { text: string; atMs: number }>();
  private pending: Pending<ViewNode<V>> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ageTimer: NodeJS.Timeout | undefined;
  /** The redraw running now (redraws run one after the other). */
  private running: Promise<void> = Promise.resolve();
  /** Bumped by redrawAll: an answer to a request made before it is stale. */
  private generation = 0;
  /** Change events fired so far (tests read it). */
  refreshes = 0;
  /** A tooltip shown less than this long ago is left alone: redrawing its row would close it under the mouse. Tests shorten it. */
  tooltipHoldMs = 5_000;

  constructor(
    protected readonly api: EngineApi,
    private readonly view: V,
    protected readonly now: () => number = Date.now,
    private readonly refreshIntervalMs = 250,
    private readonly ageTickMs = 10_000,
  ) {}

  getTreeItem(node: ViewNode<V>): vscode.TreeItem {
    const row = this.rows.get(node.id) ?? goneRow(node);
    this.drawn.set(node.id, rowSignature(row));
    this.tips.delete(node.id); // a row drawn again has no tooltip until VS Code asks for it
    return treeItem(row, node);
  }

  /** VS Code asks for a row's tooltip when the mouse rests on it. */
  async resolveTreeItem(item: vscode.TreeItem, node: ViewNode<V>): Promise<vscode.TreeItem> {
    const fixed = this.rows.get(node.id)?.fixedTooltip;
    const tip = fixed ?? (await this.fetch({ tooltips: [dataOf<V>(node)] }).then((a) => a.tooltips[0], () => undefined));
    item.tooltip = tooltipOf(tip);
    this.tips.set(node.id, { text: tip?.text ?? '', atMs: this.now() });
    return item;
  }

  getParent(node: ViewNode<V>): ViewNode<V> | undefined {
    return node.parent as ViewNode<V> | undefined;
  }

  async getChildren(node?: ViewNode<V>): Promise<ViewNode<V>[]> {
    let answer: RowsAnswer<Data<V>>;
    try {
      answer = await this.fetch({ lists: [node ? dataOf<V>(node) : null] });
    } catch {
      return []; // the engine is restarting: the view is redrawn once it is back
    }
    const children = answer.lists[0].map((row) => this.node(row, node));
    this.remember(node?.id ?? '', children);
    return children;
  }

  /** The node object VS Code holds for an id (the one a command is given), if it was listed. */
  nodeById(id: string): ViewNode<V> | undefined {
    return this.nodes.get(id);
  }

  /** Ages ("5s ago") change with time alone: every row is looked at on a tick while the view is visible. */
  setVisible(visible: boolean): void {
    if (visible && !this.ageTimer) {
      this.ageTimer = setInterval(() => this.schedule(), this.ageTickMs);
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
  protected schedule(scope?: RedrawScope<ViewNode<V>> | 'reset'): void {
    if (scope === 'reset' || this.pending === 'reset') this.pending = 'reset';
    else if (!scope || this.pending === 'all') this.pending = 'all';
    else this.pending = [...(this.pending ?? []), scope];
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.runPending();
    }, this.refreshIntervalMs);
  }

  /** Redraws a pending change now, and resolves when that (and any redraw running) is done. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.runPending();
  }

  /** Fires what looks different from what was drawn, among the rows in scope (all when none is given) and their ancestors. */
  async redraw(scope?: RedrawScope<ViewNode<V>>): Promise<void> {
    const generation = this.generation;
    const rootListed = this.listed.has('');
    const inScope = [...this.inScope(scope)];
    const lists = inScope.filter((n) => this.listed.has(n.id));
    const rows = inScope.filter((n) => this.drawn.has(n.id) && !this.rows.get(n.id)?.fixedTooltip);
    const now = this.now();
    const tips = inScope.filter((n) => {
      const shown = this.tips.get(n.id);
      return shown !== undefined && now - shown.atMs >= this.tooltipHoldMs && !this.rows.get(n.id)?.fixedTooltip;
    });
    if (!rootListed && lists.length === 0 && rows.length === 0 && tips.length === 0) return;
    let answer: RowsAnswer<Data<V>>;
    try {
      answer = await this.fetch({
        lists: [...(rootListed ? [null] : []), ...lists.map((n) => dataOf<V>(n))],
        rows: rows.map((n) => dataOf<V>(n)),
        tooltips: tips.map((n) => dataOf<V>(n)),
      });
    } catch {
      return; // the engine is restarting: a restart redraws everything
    }
    if (generation !== this.generation) return;
    const fetchedLists = answer.lists.slice(rootListed ? 1 : 0);
    if (rootListed && listKey(answer.lists[0].map((r) => r.node)) !== this.listed.get('')) return this.redrawAll();
    const toFire = new Set<ViewNode<V>>();
    lists.forEach((node, k) => {
      const before = this.listed.get(node.id);
      if (before !== undefined && listKey(fetchedLists[k].map((r) => r.node)) !== before) toFire.add(node);
    });
    rows.forEach((node, k) => {
      const row = answer.rows[k];
      this.rows.set(node.id, row);
      const drawn = this.drawn.get(node.id);
      if (drawn !== undefined && drawn !== rowSignature(row)) toFire.add(node);
    });
    tips.forEach((node, k) => {
      const shown = this.tips.get(node.id);
      if (shown !== undefined && shown.text !== (answer.tooltips[k]?.text ?? '')) toFire.add(node);
    });
    // A node fired with one of its ancestors is redrawn with it.
    const top = [...toFire].filter((n) => {
      for (let p = this.getParent(n); p; p = this.getParent(p)) if (toFire.has(p)) return false;
      return true;
    });
    if (top.length) {
      this.refreshes++;
      this.changed.fire(top);
    }
  }

  /** Redraws the whole tree with new node objects (the same ids: VS Code keeps what is expanded and selected). */
  redrawAll(): void {
    this.generation++;
    this.nodes.clear();
    this.rows.clear();
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

  private fetch(request: { lists?: (Data<V> | null)[]; rows?: Data<V>[]; tooltips?: Data<V>[] }): Promise<RowsAnswer<Data<V>>> {
    return this.api.treeRows(this.view, request);
  }

  private runPending(): Promise<void> {
    this.running = this.running.then(() => this.redrawPending()).catch(() => undefined);
    return this.running;
  }

  private async redrawPending(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    if (pending === 'reset') this.redrawAll();
    else if (pending === 'all') await this.redraw();
    else if (pending) await this.redraw((n) => pending.some((inScope) => inScope(n)));
  }

  /** The cached nodes in scope, with their ancestors: a change in a child may change what its parents say. */
  private inScope(scope: RedrawScope<ViewNode<V>> | undefined): Iterable<ViewNode<V>> {
    if (!scope) return this.nodes.values();
    const found = new Set<ViewNode<V>>();
    for (const node of this.nodes.values()) {
      if (found.has(node) || !scope(node)) continue;
      found.add(node);
      for (let p = this.getParent(node); p && !found.has(p); p = this.getParent(p)) found.add(p);
    }
    return found;
  }

  /** The cached node with this id, or a new one. A "… more" row (it has `hidden`) is replaced: its count is part of it. */
  private node(row: TreeRow<Data<V>>, parent: ViewNode<V> | undefined): ViewNode<V> {
    const fresh = row.node;
    this.rows.set(fresh.id, row);
    const known = this.nodes.get(fresh.id);
    if (known && !('hidden' in fresh)) return known;
    const node = { ...fresh, parent } as ViewNode<V>;
    this.nodes.set(fresh.id, node);
    return node;
  }

  private remember(parentId: string, children: ViewNode<V>[]): void {
    const now = new Set(children.map((c) => c.id));
    const before = this.listed.get(parentId);
    if (before) for (const old of JSON.parse(before) as string[]) if (!now.has(old.split('\u0000')[0])) this.forget(old.split('\u0000')[0]);
    this.listed.set(parentId, listKey(children));
  }

  private forget(id: string): void {
    this.nodes.delete(id);
    this.rows.delete(id);
    this.drawn.delete(id);
    this.tips.delete(id);
    const listed = this.listed.get(id);
    this.listed.delete(id);
    if (listed) for (const child of JSON.parse(listed) as string[]) this.forget(child.split('\u0000')[0]);
  }
}

/** The node data alone, as it is sent to the engine (the parent chain stays here). */
function dataOf<V extends TreeViewId>(node: ViewNode<V>): Data<V> {
  const { parent: _parent, ...data } = node as ViewNode<V> & { parent: unknown };
  return data as unknown as Data<V>;
}

/** What a node draws as before its row has come (it never should) or after its data went. */
function goneRow<D extends { id: string; kind: string }>(node: D): TreeRow<D> {
  return { node, label: '(no longer kept)', collapsible: 'none', contextValue: 'more', icon: { id: 'circle-slash', color: 'disabledForeground' } };
}
