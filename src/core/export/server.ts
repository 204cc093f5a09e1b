/**
 * A port of its own for `GET /metrics`, for a Prometheus that should not scrape the OTLP port (or when the
 * OTLP/HTTP receiver is off). Loopback by default; stop() never waits on a slow scrape for long.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { closerOf, listenOn } from '../otlp/serverLifecycle';
import { METRICS_PATH, type MetricsRoute } from './route';

export class MetricsServer {
  /** Stops the running server (undefined while stopped). */
  private closeServer: (() => Promise<void>) | undefined;
  /** The port in use while listening (the one asked for, or the free one 0 found). */
  port: number | undefined;

  constructor(
    private readonly route: MetricsRoute,
    readonly host: string,
    private readonly requestedPort: number,
  ) {}

  get listening(): boolean {
    return this.closeServer !== undefined;
  }

  /** Rejects with a ListenError (port busy, no such address) and stays stopped then. */
  async start(): Promise<void> {
    if (this.closeServer) return;
    const server = http.createServer({ requestTimeout: 30_000, headersTimeout: 10_000 });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === METRICS_PATH) return this.route(req, res);
      const body = path === '/' ? `Telemetry Inspector: the received OTLP metrics are at ${METRICS_PATH}\n` : `not found: the exposition is at ${METRICS_PATH}\n`;
      res.writeHead(path === '/' ? 200 : 404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
    const close = closerOf(server);
    await listenOn(server, this.host, this.requestedPort, 'The Prometheus /metrics server');
    server.on('error', () => undefined); // a late listener error leaves it as it is; the OTLP port still serves /metrics
    this.closeServer = close;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const close = this.closeServer;
    this.closeServer = undefined;
    this.port = undefined;
    await close?.();
  }
}
