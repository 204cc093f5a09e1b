import * as grpc from '@grpc/grpc-js';
import * as net from 'node:net';
import type { Signal } from '../model/records';
import type { TelemetryStore } from '../store/store';
import { exportRequest, refusal, type ExportAnswer } from './export';
import { resolveGrpcReceiverOptions, type GrpcReceiverOptions } from './grpcOptions';
import { otlpServiceDefinition } from './grpcServiceDefinition';
import { describeListenError, type ListenError } from './listenError';
import { sniffProtocol } from './protocolSniffer';
import { Listener } from './listener';
import { isSuccess, OUTCOMES } from './outcome';
import { addHint, countAnswer } from './receiverStatus';
import { listenOn } from './serverLifecycle';

const WHAT = 'The OTLP/gRPC receiver';
const SIGNALS: readonly Signal[] = ['traces', 'metrics', 'logs'];

const HTTP_ON_GRPC_HINT =
  'An exporter is speaking OTLP/HTTP to the OTLP/gRPC port: set OTEL_EXPORTER_OTLP_PROTOCOL=grpc, or aim it at the OTLP/HTTP port (4318).';
const TLS_ON_GRPC_HINT =
  'An exporter is speaking TLS to the OTLP/gRPC port, which is plain text: use an http:// endpoint (or OTEL_EXPORTER_OTLP_INSECURE=true).';

/** One listening period: a fresh grpc-js server per start, since a shut-down one cannot be reused. */
interface Run {
  listener: net.Server;
  grpcServer: grpc.Server;
  injector: grpc.ConnectionInjector;
  sockets: Set<net.Socket>;
  /** Connections whose first bytes have not been judged yet. */
  sniffing: Set<net.Socket>;
  stopping: boolean;
}

const ignore = (): void => {};

/**
 * OTLP/gRPC: the three collector Export services over grpc-js, feeding the store through the same protobuf
 * decoder as OTLP/HTTP. grpc-js does not own the port: a plain TCP listener reads each connection's first bytes,
 * answers an HTTP/1 client (an OTLP/HTTP exporter aimed at 4317) with a hint, and hands HTTP/2 connections to
 * grpc-js through its connection injector (the peeked bytes are put back; Node's HTTP/2 session reads them first).
 */
export class GrpcReceiver extends Listener<GrpcReceiverOptions> {
  private run: Run | undefined;
  private starting: Promise<void> | undefined;

  constructor(store: TelemetryStore, options?: Partial<GrpcReceiverOptions>) {
    super(store, options, resolveGrpcReceiverOptions);
  }

  protected isRunning(): boolean {
    return this.run !== undefined || this.starting !== undefined;
  }

  /** Starts listening; rejects with a ListenError (port busy, no such address) and stays stopped then. */
  start(): Promise<void> {
    if (this.run) return Promise.resolve();
    this.starting ??= this.listen().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<void> {
    if (this.starting) await this.starting.catch(ignore);
    const run = this.run;
    this.run = undefined;
    if (!run) {
      if (this.state.status !== 'stopped') this.setState({ status: 'stopped' });
      return;
    }
    run.stopping = true;
    const closed = new Promise<void>((resolve) => run.listener.close(() => resolve()));
    // Connections still being sniffed carry no call yet.
    for (const socket of run.sniffing) socket.destroy();
    // GOAWAY: calls in progress finish (answered UNAVAILABLE if their message completes now), new calls go
    // elsewhere; grpc-js cancels what is left after the grace, and anything still open is cut so stop never hangs.
    run.injector.drain(this.options.stopGraceMs);
    const force = setTimeout(() => {
      for (const socket of run.sockets) socket.destroy();
    }, this.options.stopGraceMs + 500);
    await closed;
    clearTimeout(force);
    run.injector.destroy();
    run.grpcServer.forceShutdown();
    this.setState({ status: 'stopped' });
  }

  private async listen(): Promise<void> {
    const { host, port } = this.options;
    this.setState({ status: 'starting', host, port });
    const run = this.createRun();
    try {
      await listenOn(run.listener, host, port, WHAT);
    } catch (err) {
      const error = err as ListenError;
      this.setState({ status: 'error', host, port, code: error.code, message: error.message });
      run.injector.destroy();
      run.grpcServer.forceShutdown();
      throw error;
    }
    // A listener that fails later (rare: the address goes away) shows as an error instead of crashing.
    run.listener.on('error', (err: NodeJS.ErrnoException) => {
      const error = describeListenError(err, WHAT, host, port);
      this.setState({ status: 'error', host, port, code: error.code, message: error.message });
    });
    this.run = run;
    this.setState({ status: 'listening', host, port: (run.listener.address() as net.AddressInfo).port });
  }

  private createRun(): Run {
    const grpcServer = new grpc.Server({
      // Checked against each message's length prefix before it is buffered, and again while inflating gzip.
      'grpc.max_receive_message_length': this.options.maxBodyBytes,
      'grpc.max_concurrent_streams': this.options.maxConcurrentStreams,
      interceptors: [(_method, call) => this.countingCall(call)],
    });
    const run: Run = {
      listener: net.createServer(),
      grpcServer,
      injector: undefined as unknown as grpc.ConnectionInjector,
      sockets: new Set(),
      sniffing: new Set(),
      stopping: false,
    };
    for (const signal of SIGNALS) {
      grpcServer.addService(otlpServiceDefinition(signal), {
        Export: (call: grpc.ServerUnaryCall<Buffer, Uint8Array>, callback: grpc.sendUnaryData<Uint8Array>) => this.export(run, signal, call.request, callback),
      });
    }
    run.injector = grpcServer.createConnectionInjector(grpc.ServerCredentials.createInsecure());
    run.listener.maxConnections = this.options.maxConnections;
    run.listener.on('connection', (socket: net.Socket) => this.accept(run, socket));
    return run;
  }

  private export(run: Run, signal: Signal, body: Buffer, callback: grpc.sendUnaryData<Uint8Array>): void {
    const answer: ExportAnswer = run.stopping
      ? refusal('stopping', 'the receiver is stopping: retry shortly', 'protobuf')
      : exportRequest(this.store, signal, body, 'protobuf', this.senders);
    // The status is the outcome's gRPC code (outcome.ts); the interceptor counts it.
    if (isSuccess(answer.outcome)) {
      callback(null, answer.body);
      // Accepted here: handed on to the upstreams after the answer, never delaying it.
      this.options.onAccepted?.(signal, 'protobuf', body);
    }
    else callback({ code: OUTCOMES[answer.outcome].grpc as number as grpc.status, details: answer.message });
  }

  /**
   * Counts every call's status, including those grpc-js sends itself before the handler runs (message over the
   * limit, gzip that does not inflate): those end without passing our responder and are counted as REFUSED.
   */
  private countingCall(call: grpc.ServerInterceptingCallInterface): grpc.ServerInterceptingCall {
    let answered = false;
    return new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next(
          new grpc.ServerListenerBuilder()
            .withOnCancel(() => {
              if (answered) return;
              answered = true;
              this.count('REFUSED', `a call ended before its message was read (over the ${this.options.maxBodyBytes}-byte limit, not decompressible, or cancelled by the sender)`);
            })
            .build(),
        ),
      sendStatus: (status, next) => {
        if (!answered) {
          answered = true;
          const code = status.code ?? grpc.status.UNKNOWN;
          this.count(grpc.status[code] ?? String(code), code === grpc.status.OK ? undefined : status.details ?? '');
        }
        next(status);
      },
    });
  }

  private count(status: string, errorMessage?: string): void {
    countAnswer(this.stats, status, errorMessage);
    this.store.markChanged('receiver');
  }

  /** Reads a new connection's first bytes, then hands it to grpc-js or answers it here. */
  private accept(run: Run, socket: net.Socket): void {
    run.sockets.add(socket);
    run.sniffing.add(socket);
    // Resets before the hand-over are nobody's business; after it the HTTP/2 session handles its own errors.
    socket.on('error', ignore);
    const timer = setTimeout(() => socket.destroy(), this.options.firstBytesTimeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      run.sockets.delete(socket);
      run.sniffing.delete(socket);
    });
    if (run.stopping) return void socket.destroy();
    let seen: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
      const sniffed = sniffProtocol(seen);
      if (sniffed.kind === 'need-more') return;
      socket.off('data', onData);
      socket.pause();
      clearTimeout(timer);
      run.sniffing.delete(socket);
      switch (sniffed.kind) {
        case 'http1':
          return this.answerHttp1(socket, sniffed.method, sniffed.path);
        case 'tls':
          addHint(this.stats, 'tls-on-grpc-port', TLS_ON_GRPC_HINT);
          this.count('TLS', TLS_ON_GRPC_HINT);
          return void socket.destroy();
        default:
          // HTTP/2 (or bytes nobody recognizes: grpc-js answers them as any gRPC server would).
          socket.unshift(seen);
          run.injector.injectConnection(socket);
      }
    };
    socket.on('data', onData);
  }

  /** An HTTP/1 request at the gRPC port: answered in plain HTTP/1.1 so the sender's log says what is wrong. */
  private answerHttp1(socket: net.Socket, method: string, path: string): void {
    const otlp = method === 'POST' && /^\/v1\/(traces|metrics|logs)\/?$/.test(path.split('?')[0]);
    const message = otlp
      ? HTTP_ON_GRPC_HINT
      : `A plain HTTP/1 request (${method} ${path.slice(0, 80)}) arrived at the OTLP/gRPC port, which speaks only gRPC (HTTP/2); OTLP/HTTP is on port 4318.`;
    addHint(this.stats, otlp ? 'http-on-grpc-port' : 'http1-on-grpc-port', message);
    this.count('HTTP/1.1 400', message);
    const body = message + '\n';
    socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    // Read and drop the rest of the request so the answer is not lost to a reset; a sender that never closes is cut.
    socket.resume();
    setTimeout(() => socket.destroy(), 5000).unref();
  }
}
