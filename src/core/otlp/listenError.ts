/** A listener that could not start, with a sentence a user can act on. */
export class ListenError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly host: string,
    readonly port: number,
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

export function describeListenError(err: NodeJS.ErrnoException, what: string, host: string, port: number): ListenError {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const code = err.code ?? 'UNKNOWN';
  switch (code) {
    case 'EADDRINUSE':
      return new ListenError(`${what} port ${where} is already in use (another collector, agent or inspector?). Stop it or choose another port.`, code, host, port);
    case 'EACCES':
      return new ListenError(`${what} is not allowed to listen on ${where} (ports below 1024 need privileges).`, code, host, port);
    case 'EADDRNOTAVAIL':
      return new ListenError(`${what} cannot listen on ${where}: this machine has no such address.`, code, host, port);
    case 'ENOTFOUND':
      return new ListenError(`${what} cannot listen on ${where}: the host name does not resolve.`, code, host, port);
    default:
      return new ListenError(`${what} could not listen on ${where}: ${err.message}`, code, host, port);
  }
}
