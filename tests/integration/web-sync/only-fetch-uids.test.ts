// A tap on "Download full message" in a large mailbox (issue 19 item 1): runSync with
// onlyFetchUids fetches that one body through the same engine, and nothing else: no other
// body, no headers of new mail, no deletion, and the mailbox's last sync time stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSyncState } from '../../../web/src/lib/storage/index.ts';
import { runSync } from '../../../web/src/lib/sync/engine/run-sync.ts';
import { dovecotTargets, startTestBridge } from '../../support/bridge-fixture.ts';
import { startDovecot, type DovecotServer } from '../../support/dovecot-harness.ts';
import { generateMailbox } from '../../support/generated-mail.ts';
import { account, channelOpener, freshDb, PASSWORD, settings } from './run-sync-fixture.ts';

const MESSAGES = 40;
let dovecot: DovecotServer;
let bridge: Awaited<ReturnType<typeof startTestBridge>>;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: 'tapper', password: PASSWORD, messages: generateMailbox({ count: MESSAGES, seed: 19 }) }] });
  bridge = await startTestBridge(dovecot.pki.caCertFile, dovecotTargets(dovecot));
});

afterAll(async () => {
  await bridge?.close();
  await dovecot?.stop();
});

describe('runSync with onlyFetchUids', () => {
  it('fetches the tapped body alone, not the other bodies, the new headers or a deletion', async () => {
    const db = await freshDb();
    const tapper = account('tapper', { kind: 'delete-after-days', days: 0 });
    const sync = (overrides: Parameters<typeof settings>[0]) => runSync({ openChannel: channelOpener(bridge.tunnelUrl, 'dovecot-tls'), db, account: tapper, password: PASSWORD, settings: settings(overrides), onUpdate: () => undefined });
    // Headers only: a zero budget on a metered link defers every body. Nothing is complete, so
    // the policy has nothing to delete.
    const first = await sync({ byteBudget: 0, unmetered: false });
    expect(first).toMatchObject({ headersStored: MESSAGES, bodiesStored: 0 });
    const lastSyncAt = (await getSyncState(db, 'acct-tapper'))?.lastSyncAt;
    // Mail that came since: the server has ten messages this copy does not know.
    const records = await db.getAll('messages');
    for (const record of records.slice(0, 10)) await db.delete('messages', [record.accountId, record.uid]);
    const tapped = records[20]!;

    const summary = await sync({ fetchUids: [tapped.uid], onlyFetchUids: true });

    expect(summary).toMatchObject({ headersStored: 0, bodiesStored: 1, deletedOnServer: 0, onlyFetchedUids: true });
    const after = await db.getAll('messages');
    expect(after.filter((m) => m.state === 'complete').map((m) => m.uid)).toEqual([tapped.uid]);
    expect(after).toHaveLength(MESSAGES - 10);
    // Greeting, CAPA, login, LIST, UIDL and one RETR.
    expect(summary.bytesReceived).toBeLessThan(tapped.size + 8_000);
    expect((await getSyncState(db, 'acct-tapper'))?.lastSyncAt).toBe(lastSyncAt);
    db.close();
  });
});
