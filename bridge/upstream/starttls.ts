import type { Socket } from 'node:net';
import { NEED_DATA, Pop3Client, type Pop3Event } from '../../shared/pop3/index.ts';
import { TunnelError } from '../../shared/tunnel/index.ts';

export interface StlsResult {
  /** Bytes that arrived after the STLS +OK line and were thrown away (counted for the log only). */
  discardedBytes: number;
}

/**
 * Runs greeting → CAPA → STLS on a fresh plaintext socket, using the shared POP3 state machine,
 * and resolves when the server has said +OK to STLS. The caller then starts TLS on the socket.
 *
 * RFC 2595 §4: after +OK the next bytes from the server must be the TLS handshake. Anything
 * the server (or a man in the middle) sent after the +OK line is response injection ("NO
 * STARTTLS", USENIX Security 2021): this function leaves it in the dropped Pop3Client and
 * drains whatever else is buffered in the socket, so none of it can reach the browser.
 * Fails closed with STLS_UNAVAILABLE or STLS_REFUSED; never falls back to plaintext.
 */
export function negotiateStls(socket: Socket): Promise<StlsResult> {
  return new Promise((resolve, reject) => {
    const client = new Pop3Client();
    let finished = false;

    const finish = (error: TunnelError | null): void => {
      if (finished) return;
      finished = true;
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
      socket.pause();
      if (error) {
        reject(error);
        return;
      }
      // Injected bytes that came in the same read as the +OK: the client dropped them unparsed.
      let discardedBytes = client.discardedBytes;
      for (let chunk: Buffer | null = socket.read() as Buffer | null; chunk !== null; chunk = socket.read() as Buffer | null) {
        discardedBytes += chunk.length;
      }
      resolve({ discardedBytes });
    };

    const handle = (event: Pop3Event): void => {
      switch (event.type) {
        case 'greeting':
          socket.write(client.send({ type: 'CAPA' }));
          return;
        case 'capabilities':
          if (!event.capabilities.stls) {
            finish(new TunnelError('TUNNEL_ERR_STLS_UNAVAILABLE', 'the server does not list STLS in CAPA'));
            return;
          }
          socket.write(client.send({ type: 'STLS' }));
          return;
        case 'ok':
          if (event.command === 'STLS') finish(null);
          else finish(new TunnelError('TUNNEL_ERR_UPSTREAM_PROTOCOL', `unexpected +OK to ${event.command} before TLS`));
          return;
        case 'negative':
          if (event.command === 'STLS') finish(new TunnelError('TUNNEL_ERR_STLS_REFUSED', 'the server answered STLS with -ERR'));
          else if (event.command === 'CAPA') finish(new TunnelError('TUNNEL_ERR_STLS_UNAVAILABLE', 'the server refused CAPA, so it offers no STLS'));
          else finish(new TunnelError('TUNNEL_ERR_UPSTREAM_PROTOCOL', `the server said -ERR before TLS (${event.code})`));
          return;
        default:
          finish(new TunnelError('TUNNEL_ERR_UPSTREAM_PROTOCOL', `unexpected ${event.type} before TLS`));
      }
    };

    const drain = (): void => {
      try {
        while (!finished) {
          const event = client.nextEvent();
          if (event === NEED_DATA) return;
          handle(event);
        }
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        finish(new TunnelError('TUNNEL_ERR_UPSTREAM_PROTOCOL', `the server broke POP3 before TLS${typeof code === 'string' ? ` (${code})` : ''}`));
      }
    };

    const onData = (chunk: Buffer): void => {
      if (finished) return;
      try {
        client.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        finish(new TunnelError('TUNNEL_ERR_UPSTREAM_PROTOCOL', `the server broke POP3 before TLS${typeof code === 'string' ? ` (${code})` : ''}`));
        return;
      }
      drain();
    };
    const onEnd = (): void => {
      if (finished) return;
      try {
        client.receiveEof();
      } catch {
        // The EOF itself is the error reported below.
      }
      finish(new TunnelError('TUNNEL_ERR_UPSTREAM_CLOSED', 'the server closed the connection before TLS'));
    };
    const onError = (error: Error & { code?: string }): void => {
      finish(new TunnelError('TUNNEL_ERR_UPSTREAM_CLOSED', `connection lost before TLS${error.code ? ` (${error.code})` : ''}`));
    };

    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onError);
  });
}
