import type { ByteChannel } from '../pop3/index.ts';
import type { BridgeMessage } from '../tunnel/index.ts';
import { negotiateStlsOverChannel } from './stls-over-channel.ts';
import { startTlsChannel } from './tls-channel.ts';
import { TlsError } from './tls-error.ts';
import type { TrustStore } from './trust-store.ts';

type TunnelReady = Extract<BridgeMessage, { type: 'ready' }>;

export interface OpenedTunnel {
  ready: Pick<TunnelReady, 'greeting' | 'tls' | 'endToEnd'>;
  channel: ByteChannel;
}

/**
 * Turns an opened tunnel into the channel the POP3 session uses, for an account that either is
 * end-to-end (`host` set: the name the account keeps, which its certificate must carry) or is
 * not (`host` null). A bridge that answers in the other mode is refused either way: an
 * end-to-end account never falls back to a bridge that would see its password, and a plain
 * account never sends POP3 into bytes it cannot read.
 */
export async function endToEndChannel(opened: OpenedTunnel, host: string | null, trust: () => Promise<TrustStore>): Promise<{ greeting: 'relayed' | 'consumed'; channel: ByteChannel; discardedBytes: number }> {
  const { ready, channel } = opened;
  const endToEnd = ready.endToEnd === true;
  if (host === null && !endToEnd) return { greeting: ready.greeting, channel, discardedBytes: 0 };
  if (host === null || !endToEnd || ready.tls === 'plaintext') {
    channel.close();
    throw new TlsError('TLS_ERR_MODE_MISMATCH', host === null
      ? 'the bridge relays this target end to end, but the account was set up for a bridge that does TLS; edit the account'
      : 'the account is end-to-end, but the bridge offered to do TLS itself; refused, so the bridge never sees the password');
  }
  let discardedBytes = 0;
  let store: TrustStore;
  try {
    if (ready.tls === 'starttls') ({ discardedBytes } = await negotiateStlsOverChannel(channel));
    store = await trust();
  } catch (error) {
    channel.close();
    throw error;
  }
  const secure = await startTlsChannel(channel, { host, trust: store });
  // After STLS there is no new greeting (RFC 2595 §4); with implicit TLS it comes inside TLS.
  return { greeting: ready.tls === 'starttls' ? 'consumed' : 'relayed', channel: secure, discardedBytes };
}
