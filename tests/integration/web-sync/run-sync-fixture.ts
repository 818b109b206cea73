// Shared parts of the runSync integration tests: a Node openChannel over the real bridge, a
// fresh fake-indexeddb database per test, default settings, and a direct POP3 look at Dovecot.
import 'fake-indexeddb/auto';
import WebSocket from 'ws';
import { Pop3Session } from '../../../shared/pop3/index.ts';
import { openSatchelDB, type AccountRecord, type SatchelDatabase } from '../../../web/src/lib/storage/index.ts';
import type { SyncSettings } from '../../../web/src/lib/sync/sync-messages.ts';
import { openResumableTunnel } from '../../../shared/tunnel/index.ts';
import { TEST_ORIGIN } from '../../support/bridge-fixture.ts';
import type { DovecotServer } from '../../support/dovecot-harness.ts';
import { connectTcp } from '../../support/node-byte-channel.ts';

export const PASSWORD = 'correct horse battery staple';

/**
 * The channel the sync worker uses (the resumable tunnel), over `ws` with the Origin header the
 * test bridge allows; a browser sends Origin itself.
 */
export function channelOpener(tunnelUrl: string, target: string, timeoutMs = 20_000) {
  return () =>
    openResumableTunnel({
      url: tunnelUrl,
      target,
      createWebSocket: (url) => new WebSocket(url, { origin: TEST_ORIGIN, perMessageDeflate: true }),
      handshakeTimeoutMs: timeoutMs,
    });
}

let counter = 0;
export function freshDb(): Promise<SatchelDatabase> {
  counter += 1;
  return openSatchelDB({ name: `run-sync-${counter}-${Math.random().toString(36).slice(2)}` });
}

export function account(userName: string, policy: AccountRecord['policy'] = { kind: 'leave' }): AccountRecord {
  return { id: `acct-${userName}`, displayName: userName, targetName: 'unused-here', userName, authMethod: 'user-pass', policy };
}

export function settings(overrides: Partial<SyncSettings> = {}): SyncSettings {
  return { byteBudget: null, maxAutoDownloadSize: null, unmetered: true, storagePersistent: true, previewLines: 3, fetchUids: [], ...overrides };
}

/** What Dovecot serves right now, over a direct TCP session that deletes nothing. */
export async function serverView(dovecot: DovecotServer, user: string): Promise<{ uids: string[]; bodies: Map<string, { bytes: Uint8Array; size: number; msg: number }> }> {
  const session = new Pop3Session(await connectTcp(dovecot.host, dovecot.pop3Port, { timeoutMs: 20_000 }));
  await session.open();
  await session.login({ user, password: PASSWORD, mechanism: 'USER' });
  const sizes = new Map((await session.list()).map((e) => [e.msg, e.size]));
  const uidl = await session.uidl();
  const bodies = new Map<string, { bytes: Uint8Array; size: number; msg: number }>();
  const byMsg = new Map(uidl.map((e) => [e.msg, e.uid]));
  await session.retrMany(uidl.map((e) => e.msg), (msg, bytes) => {
    bodies.set(byMsg.get(msg)!, { bytes, size: sizes.get(msg)!, msg });
  });
  await session.quit();
  return { uids: uidl.map((e) => e.uid), bodies };
}

/** Only the UIDLs, cheaply, for the "never gone before committed" checks. */
export async function serverUids(dovecot: DovecotServer, user: string): Promise<string[]> {
  const session = new Pop3Session(await connectTcp(dovecot.host, dovecot.pop3Port, { timeoutMs: 20_000 }));
  await session.open();
  await session.login({ user, password: PASSWORD, mechanism: 'USER' });
  const uids = (await session.uidl()).map((e) => e.uid);
  await session.quit();
  return uids;
}
