/**
 * ByteChannel over a Node TCP or TLS socket, for running shared/pop3 straight against a
 * server (Dovecot, the fault server) without the bridge.
 */
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { ByteChannel } from '../../shared/pop3/index.ts';
import { ChunkQueue } from './chunk-queue.ts';

export interface ChannelOptions {
  /** How long connecting, and each read(), may wait. 0 = forever. Default 10 000 ms. */
  timeoutMs?: number;
}

export interface TlsChannelOptions extends ChannelOptions {
  /** PEM of the CA to trust (the test PKI's); the system store is not used. */
  ca: string | Buffer;
  /** SNI and the name the certificate must match. Default: `host` (for an IP, no SNI and the IP is checked). */
  servername?: string;
}

/** A ByteChannel plus the socket under it, for tests that need to poke at the socket. */
export type NodeByteChannel = ByteChannel & { socket: Socket | TLSSocket };

/** Wraps an already connected socket. EOF = the peer's FIN; a reset rejects the pending read. */
export function socketChannel(socket: Socket | TLSSocket, options: ChannelOptions & { describe?: string } = {}): NodeByteChannel {
  const queue = new ChunkQueue({
    timeoutMs: options.timeoutMs ?? 10_000,
    describe: options.describe ?? `${socket.remoteAddress}:${socket.remotePort}`,
  });
  socket.on('data', (chunk: Buffer) => queue.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  socket.on('end', () => queue.end());
  socket.on('error', (error) => queue.fail(error));
  socket.on('close', () => queue.end());
  return {
    socket,
    write(bytes) {
      if (!socket.destroyed) socket.write(bytes);
    },
    read: () => queue.read(),
    close() {
      socket.end();
      // If the peer never answers our FIN, do not leave the socket open for ever.
      setTimeout(() => socket.destroy(), 1_000).unref();
    },
  };
}

function whenConnected(socket: Socket, event: 'connect' | 'secureConnect', what: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            socket.destroy();
            reject(new Error(`connecting to ${what} timed out after ${timeoutMs} ms`));
          }, timeoutMs)
        : undefined;
    socket.once(event, () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve();
    });
    const onError = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    socket.once('error', onError);
  });
}

/** Plain TCP. */
export async function connectTcp(host: string, port: number, options: ChannelOptions = {}): Promise<NodeByteChannel> {
  const socket = netConnect({ host, port });
  const what = `${host}:${port}`;
  // Listen for data before 'connect' resolves: a server greeting may arrive at once.
  const channel = socketChannel(socket, { ...options, describe: what });
  await whenConnected(socket, 'connect', what, options.timeoutMs ?? 10_000);
  return channel;
}

/** Implicit TLS, verifying the chain against `ca` and the host name against `servername`. */
export async function connectTls(host: string, port: number, options: TlsChannelOptions): Promise<NodeByteChannel> {
  const servername = options.servername ?? (isIP(host) ? undefined : host);
  // RFC 6066 §3 forbids an IP address as SNI (Node warns), so for an IP leave SNI out.
  const socket = tlsConnect({ host, port, ca: options.ca, ...(servername === undefined ? {} : { servername }) });
  const what = `${host}:${port} (TLS)`;
  const channel = socketChannel(socket, { ...options, describe: what });
  await whenConnected(socket, 'secureConnect', what, options.timeoutMs ?? 10_000);
  return channel;
}
