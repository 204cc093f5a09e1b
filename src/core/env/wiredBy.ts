/**
 * How an Instance arrived: started in a VS Code terminal or debug session that the extension pointed here
 * (wired), or by some other way (a pasted snippet, a container, another tool). The wiring marks the processes it
 * starts with one resource attribute, set only where the wiring also writes OTEL_RESOURCE_ATTRIBUTES itself (never
 * over a user's own value), so the mark reaches us the way every SDK reports its resource.
 */
import type { Attributes } from '../model/attributes';

/** The resource attribute a wired process carries; its value says which way it was wired. */
export const WIRED_BY_ATTRIBUTE = 'telemetry_inspector.wired_by';

export type WiredVia = 'terminal' | 'debug';

/** Which wiring started the process that sent this resource, if any. */
export function wiredBy(resource: Attributes): WiredVia | undefined {
  const v = resource[WIRED_BY_ATTRIBUTE];
  return v === 'terminal' || v === 'debug' ? v : undefined;
}

/** One line for the instance's tooltip, or undefined when it did not arrive through the wiring. */
export function wiredByText(instance: { resource: Attributes }): string | undefined {
  switch (wiredBy(instance.resource)) {
    case 'terminal':
      return 'Started in a VS Code terminal that Telemetry Inspector points here (telemetryInspector.wireTerminals)';
    case 'debug': {
      // The wiring names debug instances "<session name>-<n>".
      const id = instance.resource['service.instance.id'];
      const session = typeof id === 'string' ? /^(.+)-\d+$/.exec(id)?.[1] : undefined;
      return `Started by the VS Code debug session ${session ? `"${session}" ` : ''}that Telemetry Inspector points here (telemetryInspector.wireTerminals)`;
    }
    default:
      return undefined;
  }
}
