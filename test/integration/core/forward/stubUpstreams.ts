/**
 * Misbehaving upstreams on loopback for the fault tests: an OTLP/HTTP server whose answers the test scripts
 * (429 with Retry-After, 400, or no answer at all), and an OTLP/gRPC server whose status codes it scripts.
 * Each records what it was sent, and when.
 */
import * as grpc from '@grpc/grpc-js';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Signal } from '../../../../src/core/model/records';
import { otlpServiceDefinition } from '../../../../src/core/otlp/grpcServiceDefinition';
import { ProtoWriter } from '../../../../src/core/otlp/protobuf/writer';

export interface Received {
  path: string;
  body: Buffer;
  atMs: number;
  /** What the stub answered (a status, or 'none'). */
  answered: number | 'none';
  headers: http.IncomingHttpHeaders;
}

/** What to do with the n-th request (0-based): a status with headers and body, or never answer. */
export type Script = (n: number) => { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface HttpStub {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

export async function startHttpStub(script: Script): Promise<HttpStub> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = received.length;
      const what = script(n);
      received.push({ path: req.url ?? '', body: Buffer.concat(chunks), atMs: Date.now(), answered: what === 'hang' ? 'none' : what.status, headers: req.headers });
      if (what === 'hang') return;
      res.writeHead(what.status, { 'content-type': 'text/plain', ...what.headers });
      res.end(what.body ?? '');
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface GrpcReceived {
  signal: Signal;
  body: Buffer;
  atMs: number;
  answered: number;
}

export interface GrpcStub {
  url: string;
  received: GrpcReceived[];
  close(): Promise<void>;
}

/** gRPC answers by call number: a status code, with a RetryInfo delay (ms) in its details when given. */
export async function startGrpcStub(script: (n: number) => { code: grpc.status; retryDelayMs?: number }): Promise<GrpcStub> {
  const received: GrpcReceived[] = [];
  const server = new grpc.Server();
  for (const signal of ['traces', 'metrics', 'logs'] as const) {
    server.addService(otlpServiceDefinition(signal), {
      Export: (call: grpc.ServerUnaryCall<Buffer, Uint8Array>, callback: grpc.sendUnaryData<Uint8Array>) => {
        const { code, retryDelayMs } = script(received.length);
        received.push({ signal, body: call.request, atMs: Date.now(), answered: code });
        if (code === grpc.status.OK) return callback(null, new Uint8Array(0));
        const metadata = new grpc.Metadata();
        if (retryDelayMs !== undefined) metadata.set('grpc-status-details-bin', statusWithRetryInfo(code, retryDelayMs));
        callback({ code, details: `scripted ${grpc.status[code]}`, metadata });
      },
    });
  }
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  return { url: `http://127.0.0.1:${port}`, received, close: async () => void server.forceShutdown() };
}

/** google.rpc.Status { code, message, details: [Any { RetryInfo { retry_delay: Duration } }] } */
function statusWithRetryInfo(code: number, delayMs: number): Buffer {
  const duration = new ProtoWriter().int64Field(1, Math.floor(delayMs / 1000)).int64Field(2, (delayMs % 1000) * 1e6);
  const retryInfo = new ProtoWriter().messageField(1, duration);
  const any = new ProtoWriter().stringField(1, 'type.googleapis.com/google.rpc.RetryInfo').messageField(2, retryInfo);
  return Buffer.from(new ProtoWriter().int64Field(1, code).stringField(2, 'scripted').messageField(3, any).finish());
}
