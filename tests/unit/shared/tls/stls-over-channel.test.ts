import { describe, expect, it } from 'vitest';
import { negotiateStlsOverChannel } from '../../../../shared/tls/stls-over-channel.ts';
import { TunnelError } from '../../../../shared/tunnel/index.ts';
import { ScriptedServer } from '../pop3/support/scripted-server.ts';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TunnelError);
  return (error as TunnelError).code;
}

describe('STLS in the sync Worker, over the relayed bytes', () => {
  it('stops at the STLS +OK and drops what the server (or anyone on the path) sent after it in the same read', async () => {
    const injected = '+OK injected\r\n';
    const server = new ScriptedServer({ capa: ['USER', 'STLS'], override: { STLS: `+OK Begin TLS\r\n${injected}` } });
    const { discardedBytes } = await negotiateStlsOverChannel(server);
    expect(discardedBytes).toBe(injected.length);
    expect(server.received).toEqual(['CAPA', 'STLS']);
  });

  it('refuses a server whose CAPA lacks STLS, having sent nothing but CAPA', async () => {
    const server = new ScriptedServer({ capa: ['USER', 'UIDL'] });
    expect(await codeOf(negotiateStlsOverChannel(server))).toBe('TUNNEL_ERR_STLS_UNAVAILABLE');
    expect(server.received).toEqual(['CAPA']);
  });

  it('refuses a server that answers CAPA or STLS with -ERR', async () => {
    expect(await codeOf(negotiateStlsOverChannel(new ScriptedServer({ capa: null })))).toBe('TUNNEL_ERR_STLS_UNAVAILABLE');
    const refusing = new ScriptedServer({ capa: ['STLS'], override: { STLS: '-ERR not now\r\n' } });
    expect(await codeOf(negotiateStlsOverChannel(refusing))).toBe('TUNNEL_ERR_STLS_REFUSED');
  });

  it('reports a server that hangs up before TLS', async () => {
    const server = new ScriptedServer({ capa: ['STLS'], hangUpOn: 'STLS' });
    expect(await codeOf(negotiateStlsOverChannel(server))).toBe('TUNNEL_ERR_UPSTREAM_CLOSED');
  });
});
