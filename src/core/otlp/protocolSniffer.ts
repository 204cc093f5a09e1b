/**
 * Tells from the first bytes of a connection what the client speaks, so the gRPC port can say
 * "that is an OTLP/HTTP exporter" instead of dropping the connection in silence.
 * Clients of all three protocols speak first, so waiting for their first bytes costs nothing.
 */

export type Sniffed =
  /** Not enough bytes yet to tell. */
  | { kind: 'need-more' }
  /** The HTTP/2 client connection preface: gRPC. */
  | { kind: 'http2' }
  /** An HTTP/1.x request line: an OTLP/HTTP exporter, curl, a browser, a scraper. */
  | { kind: 'http1'; method: string; path: string }
  /** A TLS ClientHello: a client configured for https:// or without the insecure flag. */
  | { kind: 'tls' }
  /** Anything else; handed to the HTTP/2 server, which answers it as any gRPC server would. */
  | { kind: 'unknown' };

export const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

const HTTP1_METHODS = ['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE'];
/** A request line longer than this is not waited for: what has come is judged as it is. */
const MAX_LINE = 2048;

export function sniffProtocol(first: Buffer): Sniffed {
  if (first.length === 0) return { kind: 'need-more' };
  const n = Math.min(first.length, HTTP2_PREFACE.length);
  if (first.subarray(0, n).equals(HTTP2_PREFACE.subarray(0, n))) {
    return n === HTTP2_PREFACE.length ? { kind: 'http2' } : { kind: 'need-more' };
  }
  // TLS record header: content type 22 (handshake), then version major 3.
  if (first[0] === 0x16) {
    if (first.length < 2) return { kind: 'need-more' };
    return first[1] === 0x03 ? { kind: 'tls' } : { kind: 'unknown' };
  }
  return sniffHttp1(first);
}

function sniffHttp1(first: Buffer): Sniffed {
  const head = first.toString('latin1', 0, Math.min(first.length, MAX_LINE));
  const space = head.indexOf(' ');
  if (space === -1) {
    // Still inside the method token: wait only while it can become one.
    return /^[A-Z]+$/.test(head) && HTTP1_METHODS.some((m) => m.startsWith(head)) ? { kind: 'need-more' } : { kind: 'unknown' };
  }
  const method = head.slice(0, space);
  if (!HTTP1_METHODS.includes(method)) return { kind: 'unknown' };
  const rest = head.slice(space + 1);
  const end = rest.search(/[ \r\n]/);
  if (end === -1 && first.length < MAX_LINE) return { kind: 'need-more' };
  return { kind: 'http1', method, path: end === -1 ? rest : rest.slice(0, end) };
}
