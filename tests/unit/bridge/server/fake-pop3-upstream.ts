/**
 * A scriptable in-process TCP server that plays a minimal POP3 server for the socket tests:
 * a greeting, "+OK" to every line, and a close on QUIT. It records what it received.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface FakeUpstream {
  port: number;
  received: () => string;
  sockets: Socket[];
  close(): Promise<void>;
}

export async function startFakePop3Upstream(onConnection?: (socket: Socket) => void): Promise<FakeUpstream> {
  let received = '';
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    if (onConnection) return onConnection(socket);
    socket.write('+OK fake POP3 ready\r\n');
    let pending = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      pending += chunk.toString('latin1');
      let end: number;
      while ((end = pending.indexOf('\r\n')) >= 0) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 2);
        if (line === 'QUIT') {
          socket.end('+OK bye\r\n');
          return;
        }
        socket.write(`+OK ${line.split(' ')[0]} done\r\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    received: () => received,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
