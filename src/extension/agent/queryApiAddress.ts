/**
 * Where the extension's own query API answers: the OTLP/HTTP receiver as it listens now, asked on loopback (the API
 * answers only a loopback Host). A receiver on a wildcard address is reached on loopback too; one bound to a
 * single non-loopback address cannot be (and serves no API there unless the user allowed it), which is said.
 */
import type { EngineStatus } from '../../core/api/engineApi';

export type QueryApiAddress = { url: string } | { problem: string };

export function queryApiAddress(status: EngineStatus, enabled: boolean): QueryApiAddress {
  if (!enabled) return { problem: 'The Telemetry Inspector query API is turned off (setting telemetryInspector.queryApi.enabled): the agent tools read through it, so turn it on to use them.' };
  const state = status.receivers.http.state;
  if (state.status !== 'listening') {
    const why = state.status === 'error' ? `it could not listen on ${state.host}:${state.port}: ${state.message}` : state.status;
    return { problem: `The Telemetry Inspector's OTLP/HTTP receiver is not running (${why}), so nothing can be read: start it with the command "Telemetry: Start Receiver".` };
  }
  const host = loopbackFor(state.host);
  if (!host) return { problem: `The Telemetry Inspector's OTLP/HTTP receiver listens on ${state.host} only, not on loopback, and the query API answers loopback requests only: set telemetryInspector.receiver.host to 127.0.0.1 (or 0.0.0.0) to use the agent tools.` };
  return { url: `http://${host}:${state.port}` };
}

/** The loopback name that reaches a listener on `host`, or undefined when none does. */
function loopbackFor(host: string): string | undefined {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === '127.0.0.1' || h === 'localhost' || h === '0.0.0.0') return '127.0.0.1';
  if (h === '::1' || h === '::') return '[::1]';
  return undefined;
}
