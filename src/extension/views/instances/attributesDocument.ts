/**
 * Read-only JSON documents of an instance's resource attributes (Show Instance Attributes). Virtual, so closing
 * one never asks to save, and reopening shows the attributes as they are now.
 */
import * as vscode from 'vscode';
import type { Attributes } from '../../../core/model/attributes';
import { serviceDisplayName } from '../../../core/store/identity';
import type { Instance } from '../../../core/store/instance';
import type { TelemetryStore } from '../../../core/store/store';

export const ATTRIBUTES_SCHEME = 'telemetry-inspector-attributes';

export class AttributesDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly store: TelemetryStore) {}

  /** The document's address: readable names in the path (the tab title), the instance key in the query. */
  static uriFor(instance: Instance): vscode.Uri {
    const name = `${serviceDisplayName(instance)} ${instance.instanceLabel || 'instance'}`.replace(/[/\\?#%]/g, '_');
    return vscode.Uri.from({ scheme: ATTRIBUTES_SCHEME, path: `/${name} attributes.json`, query: instance.key });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const instance = this.store.instances.get(uri.query);
    if (!instance) return '{}\n'; // cleared or evicted since the document was opened
    return JSON.stringify(sorted(instance.resource), null, 2) + '\n';
  }
}

function sorted(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const k of Object.keys(attributes).sort()) out[k] = attributes[k];
  return out;
}
