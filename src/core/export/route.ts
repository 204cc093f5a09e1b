/**
 * `GET /metrics`: the exposition as a Prometheus scrape asks for it (text format 0.0.4, gzip when accepted).
 * One handler for both places it is served: the OTLP/HTTP receiver's port and the exporter's own port.
 */
import type * as http from 'node:http';
import { gzip } from 'node:zlib';

export const METRICS_PATH = '/metrics';
const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Answers a request for METRICS_PATH with what `render` returns now. */
export type MetricsRoute = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export function metricsRoute(render: () => string): MetricsRoute {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const body = `method ${req.method ?? ''} not allowed on ${METRICS_PATH}: use GET\n`;
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      req.resume();
      return;
    }
    let text: string;
    try {
      text = render();
    } catch (err) {
      const body = `the exposition could not be rendered: ${(err as Error)?.message ?? String(err)}\n`;
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    const body = Buffer.from(text, 'utf8');
    const send = (payload: Buffer, encoding?: string): void => {
      res.writeHead(200, {
        'Content-Type': EXPOSITION_CONTENT_TYPE,
        'Content-Length': payload.byteLength,
        'Cache-Control': 'no-store',
        ...(encoding ? { 'Content-Encoding': encoding, Vary: 'Accept-Encoding' } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : payload);
    };
    // Prometheus asks for gzip; a big exposition shrinks about tenfold.
    if (/\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? '')) && body.byteLength > 1024) {
      gzip(body, (err, zipped) => (err ? send(body) : send(zipped, 'gzip')));
    } else {
      send(body);
    }
  };
}
