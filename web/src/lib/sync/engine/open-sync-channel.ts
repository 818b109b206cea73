// The channel a sync's POP3 session runs on: the tunnel's bytes as they are, or, for an
// end-to-end account (AccountRecord.endToEndHost), the Worker's own TLS over them. The TLS code
// and its root store load only when an account needs them.
import type { TrustStore } from '../../../../../shared/tls/index.ts';
import type { BridgeMessage } from '../../../../../shared/tunnel/index.ts';
import type { AccountRecord } from '../../storage/index.ts';
import type { RunSyncOptions } from './run-sync.ts';

type TunnelReady = Extract<BridgeMessage, { type: 'ready' }>;
type OpenedChannel = Awaited<ReturnType<RunSyncOptions['openChannel']>>;

export interface OpenedTunnel extends Omit<OpenedChannel, 'ready'> {
  ready: Pick<TunnelReady, 'greeting' | 'tls' | 'endToEnd'>;
}

export async function openSyncChannel(account: Pick<AccountRecord, 'endToEndHost'>, openTunnel: () => Promise<OpenedTunnel>, trust: () => Promise<TrustStore>): Promise<OpenedChannel> {
  const opened = await openTunnel();
  const host = account.endToEndHost ?? null;
  if (host === null && opened.ready.endToEnd !== true) return opened;
  const { endToEndChannel } = await import('../../../../../shared/tls/index.ts');
  const { greeting, channel } = await endToEndChannel(opened, host, trust);
  return { ready: { greeting }, channel, ...(opened.serverSilentForMs ? { serverSilentForMs: opened.serverSilentForMs } : {}) };
}
