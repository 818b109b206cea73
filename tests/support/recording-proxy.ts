/**
 * A TCP relay between the bridge and a mail server that keeps a copy of every byte in each
 * direction, so a test can show what the bridge sent and received on the wire. It changes
 * nothing it relays.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface RecordingProxy {
  port: number;
  /** Everything the bridge sent to the mail server, over all connections so far. */
  fromBridge(): Buffer;
  /** Everything the mail server sent to the bridge. */
  toBridge(): Buffer;
  close(): Promise<void>;
}

export async function startRecordingProxy(target: { host: string; port: number }): Promise<RecordingProxy> {
  const up: Buffer[] = [];
  const down: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => up.push(Buffer.from(chunk)));
    upstream.on('data', (chunk: Buffer) => down.push(Buffer.from(chunk)));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('recording proxy: no port');
  return {
    port: address.port,
    fromBridge: () => Buffer.concat(up),
    toBridge: () => Buffer.concat(down),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
