import * as http from 'node:http';

export interface JsonAnswer<T = unknown> {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The raw body's size, what a client downloads. */
  bytes: number;
  body: T;
}

/** A plain GET (or any method) on loopback, with the headers given (Host included when set), answered as JSON. */
export function getJson<T = unknown>(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<JsonAnswer<T>> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        try {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: raw.byteLength, body: JSON.parse(raw.toString('utf8')) as T });
        } catch (err) {
          reject(new Error(`${method} ${path} answered ${res.statusCode} without JSON: ${raw.toString('utf8').slice(0, 200)} (${(err as Error).message})`));
        }
      });
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.end();
  });
}

/** Follows nextCursor from `path` until the last page; returns every page's answer. */
export async function allPages<T extends { nextCursor: string | null }>(port: number, path: string, maxPages = 1000): Promise<JsonAnswer<T>[]> {
  const pages: JsonAnswer<T>[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: JsonAnswer<T> = await getJson<T>(port, cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
    if (page.status !== 200) throw new Error(`${path} answered ${page.status}: ${JSON.stringify(page.body)}`);
    pages.push(page);
    cursor = page.body.nextCursor;
    if (pages.length > maxPages) throw new Error(`${path}: more than ${maxPages} pages`);
  } while (cursor);
  return pages;
}
