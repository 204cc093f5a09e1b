/**
 * The forward bench's upstream: an OTLP/HTTP endpoint in a child process of its own (so receiving the forwarded
 * copies does not run on the engine's event loop) that reads each body, counts it and answers an empty 200.
 * Reports { port } over IPC at start and { requests, bytes } when sent 'count'; exits with its parent.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

if (require.main === module) {
  setTimeout(() => process.exit(3), 30 * 60_000).unref();
  process.on('disconnect', () => process.exit(0));
  let requests = 0;
  let bytes = 0;
  const server = http.createServer((req, res) => {
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      requests++;
      res.writeHead(200, { 'Content-Type': 'application/x-protobuf', 'Content-Length': 0 });
      res.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  process.on('message', (m) => {
    if (m === 'count') process.send!({ requests, bytes });
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
}
