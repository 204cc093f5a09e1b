import type { Attributes } from '../model/attributes';

/**
 * What tells one Instance from another: service.namespace + service.name + service.instance.id,
 * or, without an instance id, host.name + process.pid (what an SDK without configuration still sends).
 */
export interface InstanceIdentity {
  key: string;
  serviceName: string;
  serviceNamespace: string;
  /** service.instance.id, or host:pid, or '' when the resource names neither. */
  instanceLabel: string;
}

const UNKNOWN_SERVICE = 'unknown_service';

function str(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

export function identify(resource: Attributes): InstanceIdentity {
  const serviceName = str(resource['service.name']) || UNKNOWN_SERVICE;
  const serviceNamespace = str(resource['service.namespace']);
  const instanceId = str(resource['service.instance.id']);
  let instanceLabel = instanceId;
  if (!instanceLabel) {
    const host = str(resource['host.name']);
    const pid = str(resource['process.pid']);
    if (host || pid) instanceLabel = `${host || '?'}:${pid || '?'}`;
  }
  // \u0000 cannot occur in the parts users see, so distinct identities never collide.
  const key = `${serviceNamespace}\u0000${serviceName}\u0000${instanceId ? 'id' : 'hp'}\u0000${instanceLabel}`;
  return { key, serviceName, serviceNamespace, instanceLabel };
}

/** "namespace/name", or just the name. */
export function serviceDisplayName(identity: Pick<InstanceIdentity, 'serviceName' | 'serviceNamespace'>): string {
  return identity.serviceNamespace ? `${identity.serviceNamespace}/${identity.serviceName}` : identity.serviceName;
}
