/** OTLP/HTTP to an upstream with undici: POST /v1/<signal>, protobuf or JSON, over keep-alive connections. */
import { Agent, request } from 'undici';
import type { Signal } from '../model/records';
import type { Sender } from './sender';
import { httpOutcome, networkOutcome, type SendOutcome } from './sendOutcome';
import type { Upstream } from './upstream';

/** Enough of an error body to say why; the rest is not read. */
const MAX_ERROR_BODY = 4096;

export class HttpSender implements Sender {
  private readonly agent: Agent;
  private readonly contentType: string;

  constructor(private readonly upstream: Upstream) {
    // One connection per signal is enough: each signal has one request in flight at a time (order is kept).
    this.agent = new Agent({ connections: 4, keepAliveTimeout: 30_000, headersTimeout: upstream.timeoutMs, bodyTimeout: upstream.timeoutMs, connectTimeout: upstream.timeoutMs });
    this.contentType = upstream.encoding === 'json' ? 'application/json' : 'application/x-protobuf';
  }

  async send(signal: Signal, body: Uint8Array, abort: AbortSignal): Promise<SendOutcome> {
    const url = this.upstream.httpUrls[signal];
    if (!url) return { kind: 'rejected', error: `${this.upstream.name} takes no ${signal}` };
    const timeout = AbortSignal.timeout(this.upstream.timeoutMs);
    try {
      const res = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { ...this.upstream.headers, 'content-type': this.contentType },
        body,
        signal: AbortSignal.any([abort, timeout]),
      });
      if (res.statusCode >= 200 && res.statusCode < 300) {
        await res.body.dump();
        return { kind: 'ok' };
      }
      const text = await readSome(res.body);
      return httpOutcome(res.statusCode, res.headers['retry-after'], text);
    } catch (err) {
      if (timeout.aborted && !abort.aborted) return { kind: 'retry', error: `no answer within ${this.upstream.timeoutMs} ms` };
      return networkOutcome(err);
    }
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}

async function readSome(body: AsyncIterable<Buffer> & { dump(): Promise<void> }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_ERROR_BODY) break;
  }
  const raw = Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY);
  // A protobuf google.rpc.Status is not text; its message is readable enough with the control bytes removed.
  let text = '';
  for (const ch of raw.toString('utf8')) text += ch === '\ufffd' || (ch < ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') ? ' ' : ch;
  return text.replace(/ {2,}/g, ' ').trim();
}
