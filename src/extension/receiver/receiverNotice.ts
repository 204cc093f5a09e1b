/**
 * What a user must know when a receiver is not where apps send: it moved away from an address instances were
 * sending to, or the settings ask for an address it could not take (it stays where it was). The status bar and
 * the notification are built from these. No 'vscode' here.
 */
import { RECEIVER_LABEL, type ReceiverAddress, type ReceiverKind } from '../../core/engine';
import { serviceDisplayName } from '../../core/store/identity';
import type { Instance } from '../../core/store/instance';

export type ReceiverNotice =
  | {
      kind: ReceiverKind;
      reason: 'moved';
      /** Where the cut-off instances send. */
      from: string;
      /** Where the receiver listens now. */
      to: string;
      /** The instances that sent to `from` before the move and have not reached `to` since, as labels. */
      instances: string[];
    }
  | {
      kind: ReceiverKind;
      reason: 'kept';
      /** Where it stays (and apps keep reaching it). */
      from: string;
      /** The address the settings ask for, which it could not take. */
      to: string;
      /** The listen error's code (EADDRINUSE: the port is busy) and sentence. */
      code: string;
      message: string;
    };

export function formatAddress({ host, port }: ReceiverAddress): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** "checkout (pod-1)", or the service alone when the instance names no id. */
export function instanceName(instance: Pick<Instance, 'serviceName' | 'serviceNamespace' | 'instanceLabel'>): string {
  const service = serviceDisplayName(instance);
  return instance.instanceLabel ? `${service} (${instance.instanceLabel})` : service;
}

/** A list that stays short: the first few names, then how many more. */
function nameList(names: readonly string[], shown = 3): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

function instancesWord(n: number): string {
  return n === 1 ? '1 instance' : `${n} instances`;
}

/** The notification's sentence. */
export function noticeMessage(n: ReceiverNotice): string {
  const label = RECEIVER_LABEL[n.kind];
  if (n.reason === 'kept') return `${n.message} The ${label} receiver stays on ${n.from}.`;
  const who = instancesWord(n.instances.length);
  return (
    `The ${label} receiver moved from ${n.from} to ${n.to}, but ${who} ${n.instances.length === 1 ? 'was' : 'were'} sending to ${n.from} ` +
    `(${nameList(n.instances)}): ${n.instances.length === 1 ? 'it' : 'they'} cannot reach it until pointed at ${n.to}.`
  );
}

/** The status bar's short words, after the count. */
export function noticeShort(n: ReceiverNotice): string {
  if (n.reason === 'kept') {
    const gRpc = n.kind === 'grpc' ? 'gRPC ' : '';
    return n.code === 'EADDRINUSE' ? `${gRpc}port ${n.to.slice(n.to.lastIndexOf(':') + 1)} busy` : `${gRpc}cannot use ${n.to}`;
  }
  return `${instancesWord(n.instances.length)} still on ${n.from}`;
}
