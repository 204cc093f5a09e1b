import { strict as assert } from 'node:assert';
import { renderEnvSnippet } from '../../../../src/core/env/snippet';
import { EnvTargetError, resolveEnvTarget } from '../../../../src/core/env/target';

describe('env target: where the app runs', () => {
  it("this machine: the receiver's host, or 127.0.0.1 when it listens on every interface", () => {
    const r = resolveEnvTarget({ location: 'local', receiver: { host: '127.0.0.1', httpPort: 4318 } });
    assert.deepEqual(r.target, { otlpHttpEndpoint: 'http://127.0.0.1:4318', protocol: 'http/protobuf' });
    assert.deepEqual(r.warnings, []);
    assert.equal(resolveEnvTarget({ location: 'local', receiver: { host: '0.0.0.0', httpPort: 5000 } }).target.otlpHttpEndpoint, 'http://127.0.0.1:5000');
    assert.equal(resolveEnvTarget({ location: 'local', receiver: { host: '::1' } }).target.otlpHttpEndpoint, 'http://[::1]:4318');
  });

  it('Docker → host.docker.internal, Podman → host.containers.internal', () => {
    const docker = resolveEnvTarget({ location: 'docker', receiver: { host: '0.0.0.0' }, platform: 'darwin' });
    assert.equal(docker.target.otlpHttpEndpoint, 'http://host.docker.internal:4318');
    assert.deepEqual(docker.warnings, []);
    const podman = resolveEnvTarget({ location: 'podman', receiver: { host: '0.0.0.0' } });
    assert.equal(podman.target.otlpHttpEndpoint, 'http://host.containers.internal:4318');
    assert.deepEqual(podman.warnings, []);
  });

  it('warns when the receiver listens on loopback only and the app runs in a container or elsewhere', () => {
    const r = resolveEnvTarget({ location: 'docker', receiver: { host: '127.0.0.1' }, platform: 'darwin' });
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /loopback only/);
    assert.match(r.warnings[0], /0\.0\.0\.0/);
    assert.match(resolveEnvTarget({ location: 'podman', receiver: { host: 'localhost' } }).warnings[0], /Podman container/);
    assert.match(resolveEnvTarget({ location: 'other', host: 'devbox', receiver: { host: '127.0.0.1' } }).warnings[0], /another machine/);
    // On Linux, Docker needs host-gateway for host.docker.internal.
    assert.ok(resolveEnvTarget({ location: 'docker', receiver: { host: '0.0.0.0' }, platform: 'linux' }).warnings.some((w) => /host-gateway/.test(w)));
  });

  it('other: the host the user gives (and none is an error)', () => {
    assert.equal(resolveEnvTarget({ location: 'other', host: '192.0.2.7', receiver: { host: '0.0.0.0' } }).target.otlpHttpEndpoint, 'http://192.0.2.7:4318');
    assert.throws(() => resolveEnvTarget({ location: 'other', receiver: { host: '0.0.0.0' } }), EnvTargetError);
  });

  it('gRPC: protocol grpc and the 4317 endpoint', () => {
    const r = resolveEnvTarget({ location: 'local', grpc: true, receiver: { host: '127.0.0.1', httpPort: 4318 } });
    assert.deepEqual(r.target, { otlpHttpEndpoint: 'http://127.0.0.1:4317', protocol: 'grpc' });
    assert.equal(resolveEnvTarget({ location: 'local', grpc: true, receiver: { host: '127.0.0.1', grpcPort: 5317 } }).target.otlpHttpEndpoint, 'http://127.0.0.1:5317');
  });

  it('service name and PUSHGATEWAY_URL; a loopback gateway URL is rewritten for a container, with a warning', () => {
    const local = resolveEnvTarget({ location: 'local', receiver: { host: '127.0.0.1' }, serviceName: 'gptme', pushgatewayUrl: 'http://127.0.0.1:9091' });
    assert.equal(local.target.serviceName, 'gptme');
    assert.equal(local.target.pushgatewayUrl, 'http://127.0.0.1:9091');
    const docker = resolveEnvTarget({ location: 'docker', receiver: { host: '0.0.0.0' }, pushgatewayUrl: 'http://localhost:9091', platform: 'darwin' });
    assert.equal(docker.target.pushgatewayUrl, 'http://host.docker.internal:9091');
    assert.ok(docker.warnings.some((w) => /Pushgateway/.test(w)));
    const remote = resolveEnvTarget({ location: 'docker', receiver: { host: '0.0.0.0' }, pushgatewayUrl: 'http://192.168.1.65:9091', platform: 'darwin' });
    assert.equal(remote.target.pushgatewayUrl, 'http://192.168.1.65:9091');
    assert.deepEqual(remote.warnings, []);
  });

  it('renders through the snippet formats: bash lines and a launch.json env object', () => {
    const { target } = resolveEnvTarget({ location: 'local', receiver: { host: '127.0.0.1' }, serviceName: 'my app', pushgatewayUrl: 'http://127.0.0.1:9091' });
    assert.equal(
      renderEnvSnippet({ format: 'bash', variables: target }),
      "export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318\nexport OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\nexport OTEL_SERVICE_NAME='my app'\nexport PUSHGATEWAY_URL=http://127.0.0.1:9091\n",
    );
    const launch = renderEnvSnippet({ format: 'launch-json', variables: target });
    assert.deepEqual(JSON.parse(`{${launch}}`).env, {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_SERVICE_NAME: 'my app',
      PUSHGATEWAY_URL: 'http://127.0.0.1:9091',
    });
  });
});
