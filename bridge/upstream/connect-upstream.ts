import { connect as netConnect, type Socket } from 'node:net';
import { TunnelError, type TlsMode } from '../../shared/tunnel/index.ts';
import { isLoopbackAddress, type ResolvedTarget } from '../targets/index.ts';
import { negotiateStls } from './starttls.ts';
import { startUpstreamTls } from './upstream-tls.ts';

export interface UpstreamOptions {
  /** Trusted CAs for upstream TLS; undefined uses Node's default roots. */
  ca: string[] | undefined;
  /** TCP connect + TLS + STLS must finish within this many ms. */
  connectTimeoutMs: number;
  /** Aborts the attempt (the browser left, or the bridge is shutting down). */
  signal?: AbortSignal;
}

export interface UpstreamConnection {
  socket: Socket;
  tls: TlsMode;
  /** `consumed` when the bridge did STLS and the browser will see no greeting. */
  greeting: 'relayed' | 'consumed';
  /** The bridge did no TLS: the socket carries what the browser's own TLS sends and receives. */
  endToEnd: boolean;
  /** Bytes dropped after the STLS +OK (0 unless someone tried response injection). */
  discardedBytes: number;
}

function connectTcp(address: string, port: number, family: 4 | 6, track: Socket[]): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: address, port, family });
    // Tracked at once, so a timeout during the TCP handshake destroys this socket too.
    track.push(socket);
    const onError = (error: Error & { code?: string }): void => {
      socket.destroy();
      reject(new TunnelError('TUNNEL_ERR_CONNECT', `cannot connect to the mail server (${error.code ?? 'error'})`));
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/**
 * Connects to the exact address the allowlist checked (never the name again, which could
 * resolve elsewhere the second time), and sets up TLS as the target says.
 */
export async function connectUpstream(resolved: ResolvedTarget, options: UpstreamOptions): Promise<UpstreamConnection> {
  const { target, address, family } = resolved;
  if (target.tls === 'plaintext' && !(target.allowLocal && isLoopbackAddress(address))) {
    // Checked in the allowlist too; this is the last line before a password could go out in clear.
    throw new TunnelError('TUNNEL_ERR_TARGET_DENIED', 'plaintext is only allowed to a loopback address');
  }

  const sockets: Socket[] = [];
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const guard = new Promise<never>((_, reject) => {
    const fail = (error: TunnelError): void => {
      for (const socket of sockets) socket.destroy();
      reject(error);
    };
    timer = setTimeout(() => fail(new TunnelError('TUNNEL_ERR_CONNECT', `the mail server did not answer within ${options.connectTimeoutMs} ms`)), options.connectTimeoutMs);
    onAbort = () => fail(new TunnelError('TUNNEL_ERR_CLOSED', 'connection attempt abandoned'));
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  guard.catch(() => undefined);

  const attempt = async (): Promise<UpstreamConnection> => {
    const plain = await connectTcp(address, target.port, family, sockets);
    if (target.tls === 'plaintext') return { socket: plain, tls: 'plaintext', greeting: 'relayed', discardedBytes: 0, endToEnd: false };
    // End to end: the browser does STLS and TLS over the relayed bytes; the bridge holds no key.
    if (target.endToEnd) return { socket: plain, tls: target.tls, greeting: 'relayed', discardedBytes: 0, endToEnd: true };
    let discardedBytes = 0;
    if (target.tls === 'starttls') ({ discardedBytes } = await negotiateStls(plain));
    const secure = await startUpstreamTls(plain, target.host, options.ca, sockets);
    return { socket: secure, tls: target.tls, greeting: target.tls === 'starttls' ? 'consumed' : 'relayed', discardedBytes, endToEnd: false };
  };

  try {
    const result = await Promise.race([attempt(), guard]);
    return result;
  } catch (error) {
    for (const socket of sockets) socket.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }
}
