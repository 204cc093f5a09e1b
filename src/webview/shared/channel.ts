/**
 * The webview's end of the message protocol: typed post and receive over acquireVsCodeApi (callable once per
 * page, so it is called here only), the state VS Code keeps across hide/show, and the CSP violation reports.
 */
import type { CommonToHost, CommonToWebview } from './messages';

export interface Channel<ToHost, ToWebview, State> {
  post(message: ToHost | CommonToHost): void;
  /** Handles each message from the host. */
  onMessage(handler: (message: ToWebview | CommonToWebview) => void): void;
  /** What setState kept, or {} on a fresh page. */
  savedState(): Partial<State>;
  setState(state: State): void;
}

export function channel<ToHost, ToWebview, State>(): Channel<ToHost, ToWebview, State> {
  const vscode = acquireVsCodeApi<State>();
  // Anything the Content-Security-Policy blocks is reported, so tests can see that nothing is.
  document.addEventListener('securitypolicyviolation', (e) => {
    vscode.postMessage({ type: 'cspViolation', directive: e.violatedDirective, blocked: e.blockedURI } satisfies CommonToHost);
  });
  return {
    post: (message) => vscode.postMessage(message),
    onMessage(handler) {
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        const data = event.data;
        // Only the host posts to this page; anything without a type is not ours.
        if (data && typeof data === 'object' && typeof (data as { type?: unknown }).type === 'string') handler(data as ToWebview | CommonToWebview);
      });
    },
    savedState: () => vscode.getState() ?? {},
    setState: (state) => void vscode.setState(state),
  };
}
