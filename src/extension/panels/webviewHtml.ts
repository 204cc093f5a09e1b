/**
 * The HTML shell of a panel: a strict Content-Security-Policy (no inline code, scripts only with this page's
 * nonce, styles and images only from the extension's media/ folder), the panel's stylesheet from media/ and its
 * script, bundled from src/webview, from dist/webview/.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

const MEDIA = 'media';
/** Where esbuild writes the webviews' scripts (esbuild.config.mjs). */
const WEBVIEW_SCRIPTS = ['dist', 'webview'] as const;

/** Options for a panel's webview: scripts on, and only media/ and the webview scripts readable. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, MEDIA), vscode.Uri.joinPath(extensionUri, ...WEBVIEW_SCRIPTS)],
    // Not retained when hidden: the webview saves its filter, selection and scroll with setState and asks for
    // the data again when shown, which costs less than keeping a 5,000-row page alive in the background.
    retainContextWhenHidden: false,
    enableFindWidget: true,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The panels' pages: each has media/<name>.css and dist/webview/<name>.js. */
export type WebviewName = 'trace' | 'metric' | 'search' | 'diff';

/**
 * `target`, when given, is what the page shows (a trace's or a Series' ids), in the body's data-target: the
 * webview keeps it in its saved state, which is what VS Code hands back to restore the panel after a reload.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, name: WebviewName, title: string, target?: object): string {
  const nonce = randomBytes(18).toString('base64');
  const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, MEDIA, file)).toString();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...WEBVIEW_SCRIPTS, `${name}.js`)).toString();
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media(`${name}.css`)}">
<title>${escapeHtml(title)}</title>
</head>
<body class="loading"${target ? ` data-target="${escapeHtml(JSON.stringify(target))}"` : ''}>
<div id="app" role="application" aria-busy="true"><p class="placeholder">Loading…</p></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
