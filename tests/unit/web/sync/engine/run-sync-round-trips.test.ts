import { describe, expect, it } from 'vitest';
import { getMessageBody, type AccountRecord } from '../../../../../web/src/lib/storage/index.ts';
import { runSync, type SyncUpdate } from '../../../../../web/src/lib/sync/engine/run-sync.ts';
import { LISTING_PREVIEW_LINES_MAX } from '../../../../../web/src/lib/sync/listing-preview.ts';
import type { SyncSettings } from '../../../../../web/src/lib/sync/sync-messages.ts';
import { bytes } from '../../../shared/pop3/support/drive.ts';
import { ScriptedServer } from '../../../shared/pop3/support/scripted-server.ts';
import { openFresh } from '../../storage/storage-fixtures.ts';

const MESSAGES = Array.from({ length: 5 }, (_, i) => bytes(`Subject: m${i + 1}\r\nFrom: a@example.org\r\n\r\nline 1 of ${i + 1}\r\n`));
const ACCOUNT: AccountRecord = { id: 'acct-rt', displayName: 'rt', targetName: 'mail', userName: 'alice', authMethod: 'sasl-plain', policy: { kind: 'leave' } };
const SETTINGS: SyncSettings = { byteBudget: null, maxAutoDownloadSize: null, unmetered: true, storagePersistent: true, previewLines: 50, fetchUids: [] };

async function syncAgainst(server: ScriptedServer, settings: SyncSettings = SETTINGS, now?: () => number): Promise<SyncUpdate[]> {
  const db = await openFresh();
  const updates: SyncUpdate[] = [];
  try {
    await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: server }), db, account: ACCOUNT, password: 'secret', settings, onUpdate: (u) => void updates.push(u), ...(now === undefined ? {} : { now }) });
  } finally {
    db.close();
  }
  return updates;
}

describe('runSync and a body whose size LIST contradicts', () => {
  it('stores it exactly as RETR delivered it, records what LIST said, and stores every other message', async () => {
    // RETR 3 answers with bytes of another size than LIST gave for message 3.
    const altered = 'Subject: m3\r\n\r\nlonger than LIST said it would be\r\n';
    const server = new ScriptedServer({ messages: MESSAGES, override: { 'RETR 3': `+OK\r\n${altered}.\r\n` } });
    const db = await openFresh();
    try {
      const summary = await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: server }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined });
      expect(summary).toMatchObject({ bodiesStored: 5, sizeMismatches: ['uid-3'] });
      const records = await Promise.all([1, 2, 3, 4, 5].map((n) => db.get('messages', [ACCOUNT.id, `uid-${n}`])));
      expect(records.map((r) => r?.state)).toEqual(['complete', 'complete', 'complete', 'complete', 'complete']);
      expect(records[2]).toMatchObject({ size: altered.length, listedSize: MESSAGES[2]!.byteLength });
      expect(records[1]?.listedSize).toBeUndefined();
      expect(new TextDecoder().decode((await getMessageBody(db, ACCOUNT.id, 'uid-3')) as Uint8Array)).toBe(altered);
      expect(await db.get('sync-state', ACCOUNT.id)).toMatchObject({ lastErrorCode: null });
      expect(server.received.at(-1)).toBe('QUIT');
      // DESIGN.md invariant 3: the next sync downloads nothing again.
      const next = await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: new ScriptedServer({ messages: MESSAGES }) }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined });
      expect(next).toMatchObject({ headersStored: 0, bodiesStored: 0 });
      expect(await db.count('messages')).toBe(5);
    } finally {
      db.close();
    }
  });

  it('never stores a message whose RETR was cut before its terminator', async () => {
    // Half of message 3, then the server hangs up (bodies come newest first: RETR 2 is next).
    const server = new ScriptedServer({ messages: MESSAGES, override: { 'RETR 3': '+OK\r\nSubject: m3\r\n\r\nhalf a bo' }, hangUpOn: 'RETR 2' });
    const db = await openFresh();
    try {
      const failure = await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: server }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined }).then(() => null, (e: unknown) => e);
      expect(failure).toMatchObject({ code: 'POP3_ERR_EOF' });
      expect((await db.get('messages', [ACCOUNT.id, 'uid-3']))?.state).toBe('header');
      expect((await db.get('messages', [ACCOUNT.id, 'uid-4']))?.state).toBe('complete');
    } finally {
      db.close();
    }
  });
});

describe('runSync and one message that fails', () => {
  it('records a RETR -ERR on that message and stores every other one, older ones included', async () => {
    const server = new ScriptedServer({ messages: MESSAGES, override: { 'RETR 3': '-ERR [SYS/TEMP] disk trouble\r\n' } });
    const db = await openFresh();
    try {
      const summary = await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: server }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined, now: () => 1_000_000 });
      expect(summary).toMatchObject({ bodiesStored: 4, bodiesFailed: ['uid-3'] });
      const records = await Promise.all([1, 2, 3, 4, 5].map((n) => db.get('messages', [ACCOUNT.id, `uid-${n}`])));
      expect(records.map((r) => r?.state)).toEqual(['complete', 'complete', 'header', 'complete', 'complete']);
      expect(records[2]).toMatchObject({ subject: 'm3', fetchFailure: { code: 'POP3_ERR_SYS_TEMP', attempts: 1, lastAt: 1_000_000 } });
      expect(server.received.at(-1)).toBe('QUIT');
      // The next sync tries it again at once; a second failure starts the backoff.
      const again = new ScriptedServer({ messages: MESSAGES, override: { 'RETR 3': '-ERR [SYS/TEMP] disk trouble\r\n' } });
      await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: again }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined, now: () => 1_000_000 + 60_000 });
      expect(again.received).toContain('RETR 3');
      expect(await db.get('messages', [ACCOUNT.id, 'uid-3'])).toMatchObject({ fetchFailure: { attempts: 2 } });
      const soon = new ScriptedServer({ messages: MESSAGES });
      await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: soon }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined, now: () => 1_000_000 + 2 * 60_000 });
      expect(soon.received).not.toContain('RETR 3');
      const later = new ScriptedServer({ messages: MESSAGES });
      await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: later }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined, now: () => 1_000_000 + 20 * 60_000 });
      expect(later.received).toContain('RETR 3');
      const healed = await db.get('messages', [ACCOUNT.id, 'uid-3']);
      expect(healed?.state).toBe('complete');
      expect(healed?.fetchFailure).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('marks the message a server died on, so the next sync fetches every other message first', async () => {
    // The server hangs up in the middle of message 4 (bodies come newest first: 5, 4, 3, …).
    const dying = new ScriptedServer({ messages: MESSAGES, override: { 'RETR 4': '+OK\r\nSubject: m4\r\n\r\nhalf' }, hangUpOn: 'RETR 3' });
    const db = await openFresh();
    try {
      const failure = await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: dying }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined, now: () => 1_000_000 }).then(() => null, (e: unknown) => e);
      expect(failure).toMatchObject({ code: 'POP3_ERR_EOF' });
      expect(await db.get('messages', [ACCOUNT.id, 'uid-4'])).toMatchObject({ state: 'header', fetchFailure: { code: 'POP3_ERR_EOF', attempts: 1 } });
      const next = new ScriptedServer({ messages: MESSAGES });
      await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: next }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined, now: () => 1_000_000 + 16 * 60_000 });
      expect(next.received.filter((line) => line.startsWith('RETR'))).toEqual(['RETR 3', 'RETR 2', 'RETR 1', 'RETR 4']);
    } finally {
      db.close();
    }
  });

  it('marks the message whose RETR answer broke the session (a garbage status line), so the next sync fetches every other message first', async () => {
    const garbled = () => new ScriptedServer({ messages: MESSAGES, override: { 'RETR 4': 'HTTP/1.1 500 Internal Server Error\r\n' } });
    const db = await openFresh();
    try {
      const failure = await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: garbled() }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined, now: () => 1_000_000 }).then(() => null, (e: unknown) => e);
      expect(failure).toMatchObject({ code: 'POP3_ERR_BAD_STATUS' });
      expect(await db.get('messages', [ACCOUNT.id, 'uid-4'])).toMatchObject({ state: 'header', fetchFailure: { code: 'POP3_ERR_BAD_STATUS', attempts: 1 } });
      const next = garbled();
      await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: next }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined, now: () => 1_000_000 + 60_000 }).catch(() => undefined);
      expect(next.received.filter((line) => line.startsWith('RETR'))).toEqual(['RETR 3', 'RETR 2', 'RETR 1', 'RETR 4']);
      const states = await Promise.all([1, 2, 3, 5].map(async (n) => (await db.get('messages', [ACCOUNT.id, `uid-${n}`]))?.state));
      expect(states).toEqual(['complete', 'complete', 'complete', 'complete']);
    } finally {
      db.close();
    }
  });

  it('marks a message whose TOP the server died on, so the next sync fetches every other body instead of dying there again', async () => {
    // Headers first: the server hangs up in the middle of TOP 4's answer, before any RETR.
    const dying = new ScriptedServer({ messages: MESSAGES, override: { [`TOP 4 ${LISTING_PREVIEW_LINES_MAX}`]: '+OK\r\nSubject: m4\r\n' }, hangUpOn: `TOP 3 ${LISTING_PREVIEW_LINES_MAX}` });
    const db = await openFresh();
    try {
      const failure = await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: dying }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined, now: () => 1_000_000 }).then(() => null, (e: unknown) => e);
      expect(failure).toMatchObject({ code: 'POP3_ERR_EOF' });
      expect(await db.get('messages', [ACCOUNT.id, 'uid-4'])).toMatchObject({ state: 'header', fetchFailure: { code: 'POP3_ERR_EOF', attempts: 1 } });
      // Still dying on message 4, whichever way it is asked for.
      const next = new ScriptedServer({ messages: MESSAGES, override: { [`TOP 4 ${LISTING_PREVIEW_LINES_MAX}`]: '+OK\r\nSubject: m4\r\n' }, hangUpOn: 'RETR 4' });
      await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: next }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined, now: () => 1_000_000 + 60_000 }).catch(() => undefined);
      expect(next.received.some((line) => line.startsWith('TOP 4'))).toBe(false);
      expect(next.received.filter((line) => line.startsWith('RETR'))).toEqual(['RETR 5', 'RETR 3', 'RETR 2', 'RETR 1', 'RETR 4']);
      const states = await Promise.all([1, 2, 3, 5].map(async (n) => (await db.get('messages', [ACCOUNT.id, `uid-${n}`]))?.state));
      expect(states).toEqual(['complete', 'complete', 'complete', 'complete']);
    } finally {
      db.close();
    }
  });

  it('goes on with the other deletions when the server refuses one DELE, and counts only those it accepted', async () => {
    const policy = { kind: 'delete-after-days' as const, days: 0 };
    const db = await openFresh();
    try {
      const sync = (server: ScriptedServer, at: number) => runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: server }), db, account: { ...ACCOUNT, policy }, password: 'secret', settings: SETTINGS, onUpdate: () => undefined, now: () => at });
      await sync(new ScriptedServer({ messages: MESSAGES }), 1_000_000);
      const refusing = new ScriptedServer({ messages: MESSAGES, override: { 'DELE 2': '-ERR [SYS/TEMP] locked\r\n' } });
      const summary = await sync(refusing, 1_000_000 + 86_400_000);
      expect(summary).toMatchObject({ deletedOnServer: 4 });
      expect(refusing.received.filter((line) => line.startsWith('DELE')).length).toBe(5);
      expect(refusing.received.at(-1)).toBe('QUIT');
    } finally {
      db.close();
    }
  });

  it('finishes with its summary when QUIT gets -ERR, claiming no deletions', async () => {
    const server = new ScriptedServer({ messages: MESSAGES, override: { QUIT: '-ERR [SYS/TEMP] some deleted messages not removed\r\n' } });
    const db = await openFresh();
    try {
      const summary = await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: server }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined });
      expect(summary).toMatchObject({ bodiesStored: 5, deletedOnServer: 0 });
      expect(await db.get('sync-state', ACCOUNT.id)).toMatchObject({ lastErrorCode: null });
    } finally {
      db.close();
    }
  });

  it('lists every message of a server without TOP and fetches them whole', async () => {
    const server = new ScriptedServer({ messages: MESSAGES, capa: ['USER', 'UIDL', 'PIPELINING', 'SASL PLAIN'] });
    const db = await openFresh();
    try {
      const summary = await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: server }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined });
      expect(summary).toMatchObject({ bodiesStored: 5 });
      expect(server.received.some((line) => line.startsWith('TOP'))).toBe(false);
      const states = await Promise.all([1, 2, 3, 4, 5].map(async (n) => (await db.get('messages', [ACCOUNT.id, `uid-${n}`]))?.state));
      expect(states).toEqual(['complete', 'complete', 'complete', 'complete', 'complete']);
    } finally {
      db.close();
    }
  });

  it('gives a message whose TOP fails a row of its own, and still fetches it whole', async () => {
    const server = new ScriptedServer({ messages: MESSAGES, override: { [`TOP 2 ${LISTING_PREVIEW_LINES_MAX}`]: '-ERR no such thing\r\n' } });
    const db = await openFresh();
    try {
      const summary = await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: server }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined });
      expect(summary).toMatchObject({ bodiesStored: 5, headersStored: 5 });
      expect(await db.get('messages', [ACCOUNT.id, 'uid-2'])).toMatchObject({ state: 'complete', subject: 'm2' });
    } finally {
      db.close();
    }
  });

  it('fetches small messages whole at once from a server without PIPELINING, with no TOP round trip', async () => {
    const server = new ScriptedServer({ messages: MESSAGES, capa: ['USER', 'UIDL', 'TOP', 'SASL PLAIN'] });
    await syncAgainst(server);
    expect(server.received.some((line) => line.startsWith('TOP'))).toBe(false);
    expect(server.received.filter((line) => line.startsWith('RETR'))).toEqual(['RETR 5', 'RETR 4', 'RETR 3', 'RETR 2', 'RETR 1']);
    expect(server.maxInFlight).toBe(1);
  });

  it('lists a too-large message of a server without TOP as a row to tap', async () => {
    const server = new ScriptedServer({ messages: MESSAGES, capa: ['USER', 'UIDL', 'PIPELINING', 'SASL PLAIN'] });
    const db = await openFresh();
    try {
      const small = MESSAGES[0]!.byteLength - 1;
      await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: server }), db, account: ACCOUNT, password: 'secret', settings: { ...SETTINGS, maxAutoDownloadSize: small }, onUpdate: () => undefined });
      const records = await Promise.all([1, 2, 3, 4, 5].map((n) => db.get('messages', [ACCOUNT.id, `uid-${n}`])));
      expect(records.map((r) => r?.state)).toEqual(['header', 'header', 'header', 'header', 'header']);
      expect(records[0]).toMatchObject({ subject: '', size: MESSAGES[0]!.byteLength });
    } finally {
      db.close();
    }
  });
});

describe('runSync and messages without a usable UIDL', () => {
  const sync = (db: Awaited<ReturnType<typeof openFresh>>, server: ScriptedServer, account: AccountRecord = ACCOUNT) =>
    runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: server }), db, account, password: 'secret', settings: SETTINGS, onUpdate: () => undefined });

  it('stores every message of a server without UIDL under a digest of its headers, once, and deletes none', async () => {
    const policy = { kind: 'delete-after-days' as const, days: 0 };
    const noUidl = () => new ScriptedServer({ messages: MESSAGES, override: { UIDL: '-ERR no UIDL here\r\n' } });
    const db = await openFresh();
    try {
      const first = await sync(db, noUidl(), { ...ACCOUNT, policy });
      expect(first).toMatchObject({ bodiesStored: 5, keyless: 5, deletedOnServer: 0, keptOnServerBecause: 'server-has-no-uidl' });
      const keys = (await db.getAllKeys('messages')).map((key) => key[1]);
      expect(keys.every((key) => key.startsWith('digest:'))).toBe(true);
      expect(new Set(keys).size).toBe(5);
      const second = noUidl();
      const again = await sync(db, second, { ...ACCOUNT, policy });
      expect(again).toMatchObject({ bodiesStored: 0, deletedOnServer: 0 });
      expect(second.received.some((line) => line.startsWith('RETR') || line.startsWith('DELE'))).toBe(false);
      expect(await db.count('messages')).toBe(5);
    } finally {
      db.close();
    }
  });

  it('syncs a message whose unique-id holds a control character under a digest key, and the others as usual', async () => {
    const listing = '+OK\r\n1 uid-1\r\n2 bad\x01id\r\n3 uid-3\r\n4 uid-4\r\n5 uid-5\r\n.\r\n';
    const db = await openFresh();
    try {
      const first = await sync(db, new ScriptedServer({ messages: MESSAGES, override: { UIDL: listing } }));
      expect(first).toMatchObject({ bodiesStored: 5, keyless: 1 });
      const keys = (await db.getAllKeys('messages')).map((key) => key[1]);
      expect(keys.filter((key) => key.startsWith('digest:'))).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('syncs the messages of a unique-id given to two, and every other message as usual', async () => {
    const listing = '+OK\r\n1 uid-1\r\n2 same\r\n3 uid-3\r\n4 same\r\n5 uid-5\r\n.\r\n';
    const colliding = () => new ScriptedServer({ messages: MESSAGES, override: { UIDL: listing } });
    const db = await openFresh();
    try {
      const first = await sync(db, colliding());
      expect(first).toMatchObject({ bodiesStored: 5, keyless: 2 });
      const keys = (await db.getAllKeys('messages')).map((key) => key[1]).sort();
      expect(keys.filter((key) => !key.startsWith('digest:'))).toEqual(['uid-1', 'uid-3', 'uid-5']);
      expect(keys.filter((key) => key.startsWith('digest:'))).toHaveLength(2);
      const second = colliding();
      expect(await sync(db, second)).toMatchObject({ bodiesStored: 0 });
      expect(second.received.filter((line) => line.startsWith('RETR'))).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('runSync round trips', () => {
  it('asks CAPA before login and after, asks LIST and UIDL together, and sends every TOP and RETR in one pipeline', async () => {
    const server = new ScriptedServer({ messages: MESSAGES });
    await syncAgainst(server);
    expect(server.received.slice(0, 5)).toEqual(['CAPA', `AUTH PLAIN ${btoa('\0alice\0secret')}`, 'CAPA', 'LIST', 'UIDL']);
    expect(server.batches.slice(0, 5)).toEqual([1, 1, 1, 2, 10]);
    expect(server.received.slice(5, 15)).toEqual([...[5, 4, 3, 2, 1].map((n) => `TOP ${n} ${LISTING_PREVIEW_LINES_MAX}`), ...[5, 4, 3, 2, 1].map((n) => `RETR ${n}`)]);
  });

  it('sends UTF8 before login to a server whose CAPA lists it', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 1), capa: ['USER', 'UIDL', 'TOP', 'PIPELINING', 'SASL PLAIN', 'UTF8'] });
    await syncAgainst(server);
    expect(server.received.slice(0, 3)).toEqual(['CAPA', 'UTF8', `AUTH PLAIN ${btoa('\0alice\0secret')}`]);
  });

  it('asks TOP for the preview setting\'s lines when they are fewer than LISTING_PREVIEW_LINES_MAX, and 0 for none', async () => {
    for (const lines of [2, 0]) {
      const server = new ScriptedServer({ messages: MESSAGES.slice(0, 1) });
      await syncAgainst(server, { ...SETTINGS, previewLines: lines });
      expect(server.received).toContain(`TOP 1 ${lines}`);
    }
  });

  it('reports every header as stored before any body', async () => {
    const updates = await syncAgainst(new ScriptedServer({ messages: MESSAGES }));
    const stored = updates.filter((u) => u.type === 'stored');
    const firstComplete = stored.findIndex((u) => u.state === 'complete');
    expect(stored.slice(0, firstComplete).flatMap((u) => u.uids).sort()).toEqual(['uid-1', 'uid-2', 'uid-3', 'uid-4', 'uid-5']);
    expect(stored.slice(firstComplete).every((u) => u.state === 'complete')).toBe(true);
  });

  it('stops storing at a cancel even when every answer has already arrived', async () => {
    // The scripted server answers at once: the whole mailbox is in hand before the first body is stored.
    const db = await openFresh();
    const controller = new AbortController();
    try {
      const result = runSync({
        openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: new ScriptedServer({ messages: MESSAGES }) }),
        db, account: ACCOUNT, password: 'secret', settings: SETTINGS, signal: controller.signal, batch: { maxMessages: 1 },
        onUpdate: (u) => {
          if (u.type === 'stored' && u.state === 'complete') controller.abort();
        },
      });
      await expect(result).rejects.toMatchObject({ code: 'SYNC_ERR_CANCELLED' });
      const complete = (await db.getAll('messages')).filter((m) => m.state === 'complete').length;
      expect(complete).toBeGreaterThanOrEqual(1);
      expect(complete).toBeLessThan(MESSAGES.length);
    } finally {
      db.close();
    }
  });

  it('gives each stored batch the latest Date among its messages', async () => {
    const dated = [3, 9, 5].map((day) => bytes(`Date: ${day} Jan 2025 10:00:00 +0000\r\nSubject: d${day}\r\n\r\nbody\r\n`));
    const updates = await syncAgainst(new ScriptedServer({ messages: dated }));
    const stored = updates.flatMap((u) => (u.type === 'stored' ? [{ state: u.state, newestDate: u.newestDate }] : []));
    expect(stored).toEqual([
      { state: 'header', newestDate: Date.UTC(2025, 0, 9, 10) },
      { state: 'complete', newestDate: Date.UTC(2025, 0, 9, 10) },
    ]);
  });

  it('reports progress at each phase change and at each phase\'s last message, not once per message, within the interval', async () => {
    const updates = await syncAgainst(new ScriptedServer({ messages: MESSAGES }), SETTINGS, () => 1_000);
    const progress = updates.flatMap((u) => (u.type === 'progress' ? [`${u.progress.phase} ${u.progress.messagesDone}/${u.progress.messagesTotal}`] : []));
    expect(progress).toEqual(['connecting 0/0', 'listing 0/0', 'headers 0/5', 'headers 5/5', 'bodies 0/5', 'bodies 5/5', 'deleting 0/0', 'closing 0/0']);
  });
});

describe('runSync and a server that answers pipelined RETRs out of order', () => {
  const answer = (n: number): string => `+OK\r\n${new TextDecoder().decode(MESSAGES[n - 1])}.\r\n`;

  it('stores no answer under another message\'s UIDL, and starts over one command at a time on a new connection', async () => {
    const swapped = new ScriptedServer({ messages: MESSAGES, override: { 'RETR 5': answer(4), 'RETR 4': answer(5) } });
    const honest = new ScriptedServer({ messages: MESSAGES });
    const servers = [swapped, honest];
    const db = await openFresh();
    try {
      const summary = await runSync({ openChannel: async () => ({ ready: { greeting: 'relayed' }, channel: servers.shift()! }), db, account: ACCOUNT, password: 'secret', settings: SETTINGS, onUpdate: () => undefined });
      expect(summary).toMatchObject({ bodiesStored: 5, bodiesFailed: [] });
      for (const n of [1, 2, 3, 4, 5]) {
        expect(new TextDecoder().decode((await getMessageBody(db, ACCOUNT.id, `uid-${n}`)) as Uint8Array), `uid-${n}`).toBe(new TextDecoder().decode(MESSAGES[n - 1]));
      }
      expect(swapped.received.filter((l) => l.startsWith('RETR'))).toContain('RETR 5');
      expect(honest.maxInFlight).toBe(1);
      expect(await db.get('sync-state', ACCOUNT.id)).toMatchObject({ lastErrorCode: null, pipeliningDistrustedAt: expect.any(Number) });
    } finally {
      db.close();
    }
  });
});
