/**
 * A port of its own for `GET /metrics`, for a Prometheus that should not scrape the OTLP port (or when the
 * OTLP/HTTP receiver is off). Loopback by default; stop() never waits on a slow scrape for long.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describeListenError } from '../otlp/listenError';
import { METRICS_PATH, type MetricsRoute } from './route';

export class MetricsServer {
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** The port in use while listening (the one asked for, or the free one 0 found). */
  port: number | undefined;

  constructor(
    private readonly route: MetricsRoute,
    readonly host: string,
    private readonly requestedPort: number,
  ) {}

  get listening(): boolean {
    return this.server !== undefined;
  }

  /** Rejects with a ListenError (port busy, no such address) and stays stopped then. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = http.createServer({ requestTimeout: 30_000, headersTimeout: 10_000 });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === METRICS_PATH) return this.route(req, res);
      const body = path === '/' ? `Telemetry Inspector: the received OTLP metrics are at ${METRICS_PATH}\n` : `not found: the exposition is at ${METRICS_PATH}\n`;
      res.writeHead(path === '/' ? 200 : 404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.requestedPort, this.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      server.close();
      throw describeListenError(err as NodeJS.ErrnoException, 'The Prometheus /metrics server', this.host, this.requestedPort);
    }
    server.on('error', () => undefined); // a late listener error leaves it as it is; the OTLP port still serves /metrics
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.port = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, 1000);
    await closed;
    clearTimeout(force);
    this.sockets.clear();
  }
}
