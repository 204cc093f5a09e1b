/**
 * OTLP/gRPC to an upstream with grpc-js: the collector services' Export methods, with the request bytes as they
 * are (identity serializer, as the receiver's service definition), headers as metadata, and the retry delay of a
 * RESOURCE_EXHAUSTED / UNAVAILABLE answer read from its google.rpc.RetryInfo detail when there is one.
 */
import * as grpc from '@grpc/grpc-js';
import type { Signal } from '../model/records';
import { OTLP_GRPC_METHODS } from '../otlp/grpcServiceDefinition';
import { ProtoReader, WireType } from '../otlp/protobuf/reader';
import type { Sender } from './sender';
import { grpcOutcome, type SendOutcome } from './sendOutcome';
import type { Upstream } from './upstream';

const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';
const identity = (b: Buffer): Buffer => b;

export class GrpcSender implements Sender {
  private readonly client: grpc.Client;
  private readonly metadata: grpc.Metadata;

  constructor(private readonly upstream: Upstream) {
    const { target, tls } = upstream.grpc!;
    this.client = new grpc.Client(target, tls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure(), {
      // Our own queue retries; a call should fail fast while the upstream is away rather than wait in grpc-js.
      'grpc.enable_retries': 0,
      'grpc.max_send_message_length': -1,
      'grpc.initial_reconnect_backoff_ms': 250,
      'grpc.max_reconnect_backoff_ms': 5000,
    });
    this.metadata = new grpc.Metadata();
    for (const [k, v] of Object.entries(upstream.headers)) this.metadata.set(k, v);
  }

  send(signal: Signal, body: Uint8Array, abort: AbortSignal): Promise<SendOutcome> {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return new Promise((resolve) => {
      const call = this.client.makeUnaryRequest<Buffer, Buffer>(
        OTLP_GRPC_METHODS[signal],
        identity,
        identity,
        bytes,
        this.metadata,
        { deadline: Date.now() + this.upstream.timeoutMs },
        (err) => {
          abort.removeEventListener('abort', cancel);
          if (!err) return resolve({ kind: 'ok' });
          const code = err.code ?? grpc.status.UNKNOWN;
          const delay = code === grpc.status.RESOURCE_EXHAUSTED || code === grpc.status.UNAVAILABLE ? retryDelayOf(err.metadata) : undefined;
          // grpc-js appends a 'Resolution note:' to connection errors that says nothing to a user.
          resolve(grpcOutcome(code, (err.details ?? err.message).replace(/\s*Resolution note:.*$/s, ''), delay));
        },
      );
      const cancel = (): void => call.cancel();
      abort.addEventListener('abort', cancel, { once: true });
    });
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

/** RetryInfo.retry_delay in ms, from the google.rpc.Status in `grpc-status-details-bin`; undefined if absent. */
function retryDelayOf(metadata: grpc.Metadata | undefined): number | undefined {
  const raw = metadata?.get('grpc-status-details-bin')[0];
  if (!raw || typeof raw === 'string') return undefined;
  try {
    const status = new ProtoReader(raw);
    while (status.pos < status.len) {
      const tag = status.tag();
      if (tag !== ((3 << 3) | WireType.LengthDelimited)) {
        status.skip(tag);
        continue;
      }
      // details: google.protobuf.Any { type_url = 1; value = 2 }
      const end = status.messageEnd();
      let typeUrl = '';
      let value: Uint8Array | undefined;
      while (status.pos < end) {
        const t = status.tag();
        if (t === ((1 << 3) | WireType.LengthDelimited)) typeUrl = status.string();
        else if (t === ((2 << 3) | WireType.LengthDelimited)) {
          const vEnd = status.messageEnd();
          value = raw.subarray(status.pos, vEnd);
          status.pos = vEnd;
        } else status.skip(t);
      }
      if (typeUrl === RETRY_INFO_TYPE && value) return durationMs(value);
    }
  } catch {
    // A detail we cannot read leaves the back-off to us.
  }
  return undefined;
}

/** RetryInfo { google.protobuf.Duration retry_delay = 1 } → ms. */
function durationMs(retryInfo: Uint8Array): number | undefined {
  const r = new ProtoReader(retryInfo);
  while (r.pos < r.len) {
    const tag = r.tag();
    if (tag !== ((1 << 3) | WireType.LengthDelimited)) {
      r.skip(tag);
      continue;
    }
    const end = r.messageEnd();
    let seconds = 0;
    let nanos = 0;
    while (r.pos < end) {
      const t = r.tag();
      if (t === ((1 << 3) | WireType.Varint)) seconds = r.uint64();
      else if (t === ((2 << 3) | WireType.Varint)) nanos = r.int32();
      else r.skip(t);
    }
    return seconds * 1000 + Math.round(nanos / 1e6);
  }
  return undefined;
}
