/** Polls until something accepts TCP connections on host:port, for servers started as child processes. */
import { connect } from 'node:net';

function tryConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Resolves once host:port accepts a connection; rejects after `timeoutMs`.
 * @param intervalMs pause between attempts. Default 20 ms: Dovecot binds within a few hundred ms.
 */
export async function waitForPort(host: string, port: number, timeoutMs: number, intervalMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await tryConnect(host, port))) {
    if (Date.now() > deadline) throw new Error(`nothing accepted connections on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
