/**
 * Binding and closing the servers the engine listens with (OTLP/HTTP, OTLP/gRPC's TCP front, the exposition's own
 * port): a bind that fails is a ListenError with a sentence to show, and a stop never hangs on a slow client.
 */
import type * as http from 'node:http';
import type { Server, Socket } from 'node:net';
import { describeListenError } from './listenError';

/** Binds the server; rejects with a ListenError naming `what` (the server is closed then). */
export async function listenOn(server: Server, host: string, port: number, what: string): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    server.close();
    throw describeListenError(err as NodeJS.ErrnoException, what, host, port);
  }
}

/**
 * Tracks an HTTP server's connections and returns its stop: idle connections close at once, requests in progress
 * get `graceMs` to finish, then what is left is cut.
 */
export function closerOf(server: http.Server, graceMs = 1000): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => {
      for (const socket of sockets) socket.destroy();
    }, graceMs);
    await closed;
    clearTimeout(force);
    sockets.clear();
  };
}
