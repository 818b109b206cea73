import { NEED_DATA, Pop3Client, type ByteChannel, type Pop3Event } from '../pop3/index.ts';
import { TunnelError } from '../tunnel/index.ts';

/**
 * Greeting → CAPA → STLS over a channel that relays the server's raw bytes, ending at the
 * STLS +OK. The same rules as the bridge's own STLS (bridge/upstream/starttls.ts): it never
 * falls back to plaintext, and whatever came after the +OK line in the same read (response
 * injection, "NO STARTTLS", USENIX Security 2021) is dropped and counted, never parsed. Bytes
 * injected in a later read reach TLS, which refuses them: they are not an authenticated record.
 */
export async function negotiateStlsOverChannel(channel: ByteChannel): Promise<{ discardedBytes: number }> {
  const client = new Pop3Client();
  for (;;) {
    let event: Pop3Event | typeof NEED_DATA;
    try {
      event = client.nextEvent();
    } catch (error) {
      throw brokenBeforeTls(error);
    }
    if (event === NEED_DATA) {
      const bytes = await channel.read();
      if (bytes === null) throw new TunnelError('TUNNEL_ERR_UPSTREAM_CLOSED', 'the server closed the connection before TLS');
      try {
        client.receive(bytes.slice());
      } catch (error) {
        throw brokenBeforeTls(error);
      }
      continue;
    }
    switch (event.type) {
      case 'greeting':
        channel.write(client.send({ type: 'CAPA' }));
        continue;
      case 'capabilities':
        if (!event.capabilities.stls) throw new TunnelError('TUNNEL_ERR_STLS_UNAVAILABLE', 'the server does not list STLS in CAPA');
        channel.write(client.send({ type: 'STLS' }));
        continue;
      case 'ok':
        if (event.command !== 'STLS') throw new TunnelError('TUNNEL_ERR_UPSTREAM_PROTOCOL', `unexpected +OK to ${event.command} before TLS`);
        return { discardedBytes: client.discardedBytes };
      case 'negative':
        if (event.command === 'STLS') throw new TunnelError('TUNNEL_ERR_STLS_REFUSED', 'the server answered STLS with -ERR');
        if (event.command === 'CAPA') throw new TunnelError('TUNNEL_ERR_STLS_UNAVAILABLE', 'the server refused CAPA, so it offers no STLS');
        throw new TunnelError('TUNNEL_ERR_UPSTREAM_PROTOCOL', `the server said -ERR before TLS (${event.code})`);
      default:
        throw new TunnelError('TUNNEL_ERR_UPSTREAM_PROTOCOL', `unexpected ${event.type} before TLS`);
    }
  }
}

function brokenBeforeTls(error: unknown): TunnelError {
  const code = (error as { code?: unknown }).code;
  return new TunnelError('TUNNEL_ERR_UPSTREAM_PROTOCOL', `the server broke POP3 before TLS${typeof code === 'string' ? ` (${code})` : ''}`);
}
