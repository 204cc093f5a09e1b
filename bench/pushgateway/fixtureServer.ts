/**
 * Serves a generated Pushgateway's contents on 127.0.0.1 from a child process of its own (so serving 10+ MB
 * does not run on the event loop being measured): GET /api/v1/metrics (JSON) and GET /metrics (text).
 * Started with `<groups> <seriesPerGroup>`; reports { port, jsonBytes, textBytes } over IPC; exits with its parent.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeFixture } from './fixture';

if (require.main === module) {
  setTimeout(() => process.exit(3), 30 * 60_000).unref();
  process.on('disconnect', () => process.exit(0));
  const groups = Number(process.argv[2] ?? 1000);
  const series = Number(process.argv[3] ?? 100);
  const fixture = makeFixture(groups, series);
  const json = Buffer.from(fixture.json);
  const text = Buffer.from(fixture.text);
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const body = path === '/api/v1/metrics' ? json : path === '/metrics' ? text : undefined;
    if (!body || req.method !== 'GET') {
      res.writeHead(404, { 'Content-Length': 0 });
      res.end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': body === json ? 'application/json' : 'text/plain; version=0.0.4; charset=utf-8',
      'Content-Length': body.byteLength,
    });
    res.end(body);
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => {
    process.send!({ port: (server.address() as AddressInfo).port, jsonBytes: json.byteLength, textBytes: text.byteLength, series: fixture.series });
  });
}
