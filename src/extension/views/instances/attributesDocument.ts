/**
 * Read-only JSON documents of an instance's resource attributes (Show Instance Attributes). Virtual, so closing
 * one never asks to save, and reopening shows the attributes as they are now.
 */
import * as vscode from 'vscode';
import type { EngineApi, InstanceSummary } from '../../../core/api/engineApi';
import type { Attributes } from '../../../core/model/attributes';

export const ATTRIBUTES_SCHEME = 'telemetry-inspector-attributes';

export class AttributesDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly api: EngineApi) {}

  /** The document's address: readable names in the path (the tab title), the instance key in the query. */
  static uriFor(instance: InstanceSummary): vscode.Uri {
    const name = `${instance.service} ${instance.instanceLabel || 'instance'}`.replace(/[/\\?#%]/g, '_');
    return vscode.Uri.from({ scheme: ATTRIBUTES_SCHEME, path: `/${name} attributes.json`, query: instance.key });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const instance = await this.api.instance(uri.query);
    if (!instance) return '{}\n'; // cleared or evicted since the document was opened
    return JSON.stringify(sorted(instance.resource), null, 2) + '\n';
  }
}

function sorted(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const k of Object.keys(attributes).sort()) out[k] = attributes[k];
  return out;
}
