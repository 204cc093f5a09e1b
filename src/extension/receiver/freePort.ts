/** Finding a port the receiver can take instead of a busy one. Node only, no 'vscode'. */
import * as net from 'node:net';

/** True when nothing listens on host:port right now (it may be taken a moment later). */
function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** The first free port after `port` (4319 for a busy 4318, so the number stays memorable), if one is near. */
export async function freePortAfter(host: string, port: number, tries = 20): Promise<number | undefined> {
  for (let p = port + 1; p <= Math.min(65535, port + tries); p++) {
    if (await isPortFree(host, p)) return p;
  }
  return undefined;
}

/** A port the system has free (from its ephemeral range). */
export function anyFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
