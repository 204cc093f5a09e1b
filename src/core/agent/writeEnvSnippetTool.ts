import { APP_LOCATIONS, EnvTargetError, resolveEnvTarget, type AppLocation } from '../env/target';
import { renderEnvSnippet, SnippetError, SNIPPET_FORMATS, type SnippetFormat } from '../env/snippet';
import type { InstancesResponse, PushgatewayResponse } from '../query/queryTypes';
import type { AgentTool } from './agentTool';
import { ToolInputError } from './toolSchema';

/** The environment that points an app at this inspector, as the Copy Env Snippet command writes it. */
export const writeEnvSnippetTool: AgentTool = {
  name: 'write_env_snippet',
  title: 'Write an env snippet',
  description:
    "Writes the environment variables that make an app's OpenTelemetry SDK send to this Telemetry Inspector (and push to its Pushgateway), for the receiver as it runs now, in the format it is pasted into (bash, fish, PowerShell, cmd, .env, docker-compose, launch.json) and for where the app runs (this machine, a Docker or Podman container, another host), with warnings when that cannot work. It only returns text; it changes nothing.",
  inputSchema: {
    type: 'object',
    properties: {
      format: { type: 'string', description: 'Where it is pasted (default bash).', enum: SNIPPET_FORMATS.map((f) => f.id) },
      target: { type: 'string', description: 'Where the app runs (default local: this machine).', enum: APP_LOCATIONS.map((l) => l.id) },
      host: { type: 'string', description: 'The host the app should use for the inspector (needed with target "other").', maxLength: 256 },
      grpc: { type: 'boolean', description: 'Send over OTLP/gRPC instead of OTLP/HTTP.' },
      serviceName: { type: 'string', description: 'Also set OTEL_SERVICE_NAME to this.', maxLength: 256 },
    },
    additionalProperties: false,
  },
  readOnly: true,
  destructive: false,
  async run(input, ctx) {
    const [instances, pushgateway] = await Promise.all([
      ctx.query.get<InstancesResponse>('/api/v1/instances', [['limit', '1']]),
      ctx.query.get<PushgatewayResponse>('/api/v1/pushgateway/groups', [['limit', '1']]),
    ]);
    const grpc = input.grpc === true;
    const receiver = instances.receivers.find((r) => r.kind === (grpc ? 'grpc' : 'http'));
    if (!receiver || receiver.port === null || receiver.host === null) {
      return `The inspector's ${grpc ? 'OTLP/gRPC' : 'OTLP/HTTP'} receiver is not running${grpc ? ' (start it, or leave grpc off for OTLP/HTTP)' : ''}: no snippet can point at it.`;
    }
    const format = (input.format as SnippetFormat | undefined) ?? 'bash';
    try {
      const { target, warnings } = resolveEnvTarget({
        location: (input.target as AppLocation | undefined) ?? 'local',
        host: input.host as string | undefined,
        receiver: { host: receiver.host, httpPort: grpc ? undefined : receiver.port, grpcPort: grpc ? receiver.port : undefined },
        grpc,
        serviceName: input.serviceName as string | undefined,
        pushgatewayUrl: pushgateway.url ?? undefined,
      });
      const text = renderEnvSnippet({ format, variables: target });
      const status = receiver.status === 'listening' ? '' : ` (the receiver is ${receiver.status} now)`;
      return [`Environment for ${SNIPPET_FORMATS.find((f) => f.id === format)?.label ?? format}${status}:`, '```', text.trimEnd(), '```', ...warnings.map((w) => `Warning: ${w}`)].join('\n');
    } catch (err) {
      if (err instanceof EnvTargetError || err instanceof SnippetError) throw new ToolInputError(err.message);
      throw err;
    }
  },
};
