// The hostile-server matrix (DESIGN.md invariant 9, "Servers as they are"): the app's real sync (runSync, the resumable tunnel over
// `ws`, the real bridge, fake-indexeddb) against a scripted POP3 server that misbehaves in one
// way per test. Each test asserts what was stored (every unaffected message whole and
// byte-exact, the affected one absent, a placeholder or flagged, nothing truncated stored as
// complete), what the user sees (the summary, or the failure's code and its sentence), and
// that the sync ended within its bound. Every case has its own server, bridge and database,
// so they run concurrently.
import { describe, it, type ExpectStatic } from 'vitest';
import { shouldWaitBeforeRetry } from '../../../web/src/lib/feedback/describe-error.ts';
import { describeFetchFailure } from '../../../web/src/lib/feedback/fetch-failure-wording.ts';
import { getSyncState } from '../../../web/src/lib/storage/index.ts';
import type { FaultSession } from '../../support/fault-server.ts';
import { sleep, type HostileCommand } from '../../support/hostile-mailbox.ts';
import { ordinaryMessages, peakRssGrowth, PIPELINE_SILENCE_MS, SERVER_SILENCE_MS, userSentence, withHostileServer, type HostileEnv } from './hostile-server-fixture.ts';

const MESSAGES = ordinaryMessages();
const UIDS = MESSAGES.map((_, i) => `uid-${i + 1}`);
const DAY_MS = 86_400_000;
/** A sync that is not cut short ends in well under this. */
const QUICK_MS = 8_000;
/** A test's own bound: a sync, the next one, setup and teardown. */
const BOUND_MS = 20_000;
/** The codes a connection ended by the server can surface as, depending on who notices first. */
const SERVER_HUNG_UP = ['POP3_ERR_EOF', 'TUNNEL_ERR_UPSTREAM_CLOSED'];

type Expect = ExpectStatic;

/** Every uid in `uids` is stored complete, byte for byte as `expected` (or as the mailbox serves it). */
async function expectWhole(expect: Expect, env: HostileEnv, uids: string[], expected?: (uid: string) => Uint8Array): Promise<void> {
  const records = await env.records();
  for (const uid of uids) {
    expect(records.get(uid)?.state, uid).toBe('complete');
    const want = expected?.(uid) ?? env.mailbox.messages.find((m) => m.uid === uid)!.bytes;
    const body = await env.body(uid);
    expect(body === null ? null : Buffer.from(body).equals(Buffer.from(want)), `${uid} byte-exact`).toBe(true);
  }
}

/** `uid` is not stored complete: absent, or a header record with no body. */
async function expectNotComplete(expect: Expect, env: HostileEnv, uid: string): Promise<void> {
  const record = (await env.records()).get(uid);
  expect(record?.state ?? 'absent', uid).not.toBe('complete');
  expect(await env.body(uid), `${uid} has no body`).toBeNull();
}

const byIndex = (uid: string): Uint8Array => MESSAGES[UIDS.indexOf(uid)]!;

/** An `on` hook: `act` answers the commands `match` picks (with the honest answer at hand for RETR/TOP); the mailbox answers the rest. */
function onCommand(match: (c: HostileCommand, connection: number) => boolean, act: (session: FaultSession, c: HostileCommand, honest: Uint8Array) => void | Promise<void>) {
  return async (command: HostileCommand, context: { session: FaultSession; connection: number; honestAnswer: (c: HostileCommand) => Uint8Array }): Promise<boolean> => {
    if (!match(command, context.connection)) return false;
    await act(context.session, command, command.verb === 'RETR' || command.verb === 'TOP' ? context.honestAnswer(command) : new Uint8Array(0));
    return true;
  };
}

const retrOf = (msg: number, onConnection = 0) => (c: HostileCommand, connection: number) => c.verb === 'RETR' && c.msg === msg && connection === onConnection;

describe.concurrent('the sync against a hostile POP3 server', () => {
  // ── LIST sizes are hints (DESIGN.md invariant 1) ────────────────────────────────────────────────
  it('stores a message whose LIST size is smaller than what RETR sends, as sent, and records the disagreement', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, listSize: (msg, size) => (msg === 3 ? size - 10 : size) }, async (env) => {
      const { summary, ms } = await env.sync();
      expect(summary).toMatchObject({ bodiesStored: 5, sizeMismatches: ['uid-3'], bodiesFailed: [] });
      await expectWhole(expect, env, UIDS);
      expect((await env.records()).get('uid-3')).toMatchObject({ size: MESSAGES[2]!.length, listedSize: MESSAGES[2]!.length - 10 });
      expect(ms).toBeLessThan(QUICK_MS);
    });
  }, BOUND_MS);

  it('stores a message whose LIST size is larger than what RETR sends, as sent', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, listSize: (msg, size) => (msg === 2 ? size + 1000 : size) }, async (env) => {
      const { summary } = await env.sync();
      expect(summary).toMatchObject({ bodiesStored: 5, sizeMismatches: ['uid-2'] });
      await expectWhole(expect, env, UIDS);
    });
  }, BOUND_MS);

  it('stores every message of a server that rounds LIST sizes up to whole kilobytes', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, listSize: (_, size) => Math.ceil(size / 1024) * 1024 }, async (env) => {
      const { summary } = await env.sync();
      expect(summary?.bodiesStored).toBe(5);
      expect([...(summary?.sizeMismatches ?? [])].sort()).toEqual(UIDS);
      await expectWhole(expect, env, UIDS);
      // DESIGN.md invariant 3: stored whole is never fetched again.
      expect((await env.sync()).summary).toMatchObject({ headersStored: 0, bodiesStored: 0 });
    });
  }, BOUND_MS);

  // ── Capabilities ──────────────────────────────────────────────────────────────────────
  it('fetches every message whole from a server whose CAPA has no TOP, and never sends TOP', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, capa: ['USER', 'UIDL', 'PIPELINING'] }, async (env) => {
      const { summary } = await env.sync();
      expect(summary).toMatchObject({ bodiesStored: 5 });
      await expectWhole(expect, env, UIDS);
      expect(env.mailbox.received.some((line) => line.startsWith('TOP'))).toBe(false);
    });
  }, BOUND_MS);

  it('syncs every message of a server that answers CAPA with -ERR, one command at a time', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, capa: null }, async (env) => {
      const { summary } = await env.sync();
      expect(summary).toMatchObject({ bodiesStored: 5 });
      await expectWhole(expect, env, UIDS);
    });
  }, BOUND_MS);

  it('gives a message whose TOP gets -ERR a row of its own, and still stores it whole', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, on: onCommand((c) => c.verb === 'TOP' && c.msg === 2, (s) => s.write('-ERR no such thing\r\n')) }, async (env) => {
      const { summary } = await env.sync();
      expect(summary).toMatchObject({ headersStored: 5, bodiesStored: 5, bodiesFailed: [] });
      await expectWhole(expect, env, UIDS);
      expect((await env.records()).get('uid-2')).toMatchObject({ subject: 'message 2' });
    });
  }, BOUND_MS);

  it('fetches every message whole when the server lists TOP in CAPA and refuses every TOP', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, on: onCommand((c) => c.verb === 'TOP', (s) => s.write('-ERR TOP disabled\r\n')) }, async (env) => {
      const { summary } = await env.sync();
      expect(summary).toMatchObject({ bodiesStored: 5, bodiesFailed: [] });
      await expectWhole(expect, env, UIDS);
      expect([...(await env.records()).values()].map((r) => r.subject).sort()).toEqual(UIDS.map((u) => `message ${u.slice(-1)}`));
    });
  }, BOUND_MS);

  it('stops with POP3_ERR_CAPA_TOO_LONG on a CAPA of 5,000 lines, in bounded time', async ({ expect }) => {
    const capa = Array.from({ length: 5000 }, (_, i) => `X-FEATURE-${i}`);
    await withHostileServer({ messages: MESSAGES, capa }, async (env) => {
      const { code, ms } = await env.sync();
      expect(code).toBe('POP3_ERR_CAPA_TOO_LONG');
      userSentence(code!, false);
      expect((await env.records()).size).toBe(0);
      expect(ms).toBeLessThan(QUICK_MS);
    });
  }, BOUND_MS);

  // ── One message fails (DESIGN.md invariant 9) ───────────────────────────────────────────────────
  it('records RETR -ERR [SYS/TEMP] on that message, stores every other one, and fetches it at the next sync', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, on: onCommand(retrOf(3), (s) => s.write('-ERR [SYS/TEMP] disk trouble\r\n')) }, async (env) => {
      const now = Date.now();
      const { summary } = await env.sync({ now: () => now });
      expect(summary).toMatchObject({ bodiesStored: 4, bodiesFailed: ['uid-3'] });
      await expectWhole(expect, env, UIDS.filter((u) => u !== 'uid-3'));
      await expectNotComplete(expect, env, 'uid-3');
      const failure = (await env.records()).get('uid-3')?.fetchFailure;
      expect(failure).toMatchObject({ code: 'POP3_ERR_SYS_TEMP', attempts: 1 });
      expect(describeFetchFailure(failure!, now)).toBe("Couldn't download: the mail server reported a temporary problem. Satchel will try again at the next sync.");
      // The server healed: the next sync converges.
      expect((await env.sync()).summary).toMatchObject({ bodiesStored: 1, bodiesFailed: [] });
      await expectWhole(expect, env, UIDS);
    });
  }, BOUND_MS);

  it('records RETR -ERR [SYS/PERM] on that message with a sentence that names who can fix it', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, on: onCommand((c) => c.verb === 'RETR' && c.msg === 4, (s) => s.write('-ERR [SYS/PERM] message is corrupt\r\n')) }, async (env) => {
      const now = Date.now();
      const { summary } = await env.sync({ now: () => now });
      expect(summary).toMatchObject({ bodiesStored: 4, bodiesFailed: ['uid-4'] });
      await expectWhole(expect, env, UIDS.filter((u) => u !== 'uid-4'));
      await expectNotComplete(expect, env, 'uid-4');
      const failure = (await env.records()).get('uid-4')!.fetchFailure!;
      expect(failure.code).toBe('POP3_ERR_SYS_PERM');
      const sentence = describeFetchFailure(failure, now);
      expect(sentence).toContain('lasting problem');
      expect(sentence).toContain('mail provider');
      expect(sentence).not.toMatch(/try again later/i);
    });
  }, BOUND_MS);

  it('records a RETR -ERR with no response code on that message and stores the others', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, on: onCommand((c) => c.verb === 'RETR' && c.msg === 1, (s) => s.write('-ERR cannot\r\n')) }, async (env) => {
      const { summary } = await env.sync();
      expect(summary).toMatchObject({ bodiesStored: 4, bodiesFailed: ['uid-1'] });
      expect((await env.records()).get('uid-1')?.fetchFailure?.code).toBe('POP3_ERR_NEGATIVE');
      await expectWhole(expect, env, UIDS.slice(1));
    });
  }, BOUND_MS);

  // ── The connection ends in the middle of a message ────────────────────────────────────
  for (const [how, cut] of [
    ['closes the connection (FIN)', (s: FaultSession) => s.end()],
    ['resets the connection (RST)', (s: FaultSession) => s.destroy()],
  ] as const) {
    it(`never stores a message whose RETR the server ${how} in the middle of, marks it, and converges at the next sync`, async ({ expect }) => {
      const on = onCommand(retrOf(3), async (s, _c, honest) => {
        s.write(honest.subarray(0, Math.floor(honest.length / 2)));
        await s.drained();
        await sleep(50);
        cut(s);
      });
      await withHostileServer({ messages: MESSAGES, on }, async (env) => {
        const first = await env.sync();
        expect(SERVER_HUNG_UP).toContain(first.code);
        userSentence(first.code!, true);
        // Bodies come newest first: 5 and 4 before the cut, 3 cut, 2 and 1 listed only.
        await expectWhole(expect, env, ['uid-5', 'uid-4']);
        for (const uid of ['uid-3', 'uid-2', 'uid-1']) await expectNotComplete(expect, env, uid);
        const records = await env.records();
        expect(records.get('uid-3')?.fetchFailure?.code).toBe(first.code);
        expect(records.get('uid-1')?.subject).toBe('message 1'); // its TOP came before the cut
        const second = await env.sync();
        expect(second.summary).toMatchObject({ bodiesStored: 3 });
        await expectWhole(expect, env, UIDS);
        expect(env.mailbox.received.filter((l) => l.startsWith('RETR')).slice(-3)).toEqual(['RETR 2', 'RETR 1', 'RETR 3']);
      });
    }, BOUND_MS);
  }

  it('marks a message whose TOP the server dies on, so the next sync asks no TOP of it and stores every message whole', async ({ expect }) => {
    // On every connection: half of TOP 3's answer, then the connection is closed.
    const on = onCommand((c) => c.verb === 'TOP' && c.msg === 3, async (s, _c, honest) => {
      s.write(honest.subarray(0, Math.floor(honest.length / 2)));
      await s.drained();
      await sleep(50);
      s.end();
    });
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const t0 = Date.now();
      const first = await env.sync({ now: () => t0 });
      expect(SERVER_HUNG_UP).toContain(first.code);
      expect((await env.records()).get('uid-3')?.fetchFailure?.code).toBe(first.code);
      for (const uid of UIDS) await expectNotComplete(expect, env, uid);
      // Headers first: the bodies wait behind TOP 3, so they must not wait forever.
      // TOP 3 is not asked again; its RETR (which this server serves) comes after every other.
      expect((await env.sync({ now: () => t0 + 60_000 })).summary).toMatchObject({ bodiesStored: 5 });
      await expectWhole(expect, env, UIDS);
      expect(env.mailbox.received.filter((l) => l.startsWith('TOP 3'))).toHaveLength(1);
      expect(env.mailbox.received.filter((l) => l.startsWith('RETR')).at(-1)).toBe('RETR 3');
    });
  }, BOUND_MS);

  it('never stores a RETR answer that has +OK and the whole body but no terminator before the server closes', async ({ expect }) => {
    const on = onCommand(retrOf(2), async (s, _c, honest) => {
      s.write(honest.subarray(0, honest.length - 3)); // all but ".\r\n"
      await s.drained();
      s.end();
    });
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const first = await env.sync();
      expect(SERVER_HUNG_UP).toContain(first.code);
      await expectWhole(expect, env, ['uid-5', 'uid-4', 'uid-3']);
      await expectNotComplete(expect, env, 'uid-2');
      await expectNotComplete(expect, env, 'uid-1');
      expect((await env.sync()).summary).toMatchObject({ bodiesStored: 2 });
      await expectWhole(expect, env, UIDS);
    });
  }, BOUND_MS);

  it('ends with TUNNEL_ERR_UPSTREAM_SILENT when the server never answers one RETR, keeps what came, and converges next time', async ({ expect }) => {
    // Stuck on RETR 3: it reads on (the client's later commands) and answers nothing more.
    const on = onCommand(retrOf(3), async (s) => {
      while ((await s.readLine()) !== null);
    });
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const first = await env.sync();
      expect(first.code).toBe('TUNNEL_ERR_UPSTREAM_SILENT');
      expect(first.ms).toBeLessThan(SERVER_SILENCE_MS + 4_000);
      expect(userSentence(first.code!, true)).toContain('stopped answering');
      await expectWhole(expect, env, ['uid-5', 'uid-4']);
      await expectNotComplete(expect, env, 'uid-3');
      // The message the server stalled on goes last next time, so it cannot hold the others back.
      expect((await env.records()).get('uid-3')?.fetchFailure?.code).toBe('TUNNEL_ERR_UPSTREAM_SILENT');
      expect((await env.sync()).summary).toMatchObject({ bodiesStored: 3 });
      await expectWhole(expect, env, UIDS);
    });
  }, BOUND_MS);

  it('ends with POP3_ERR_EOF or TUNNEL_ERR_UPSTREAM_CLOSED when the server hangs up right after login, storing nothing', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, on: onCommand((c, n) => c.verb === 'LIST' && n === 0, (s) => s.end()) }, async (env) => {
      const first = await env.sync();
      expect(SERVER_HUNG_UP).toContain(first.code);
      expect((await env.records()).size).toBe(0);
      expect((await env.sync()).summary).toMatchObject({ bodiesStored: 5 });
      await expectWhole(expect, env, UIDS);
    });
  }, BOUND_MS);

  // ── UIDL as the real world has it ─────────────────────────────────────────────────────
  it('syncs two messages that share a UIDL by a digest, and every other message by its UIDL', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, uids: ['uid-1', 'same', 'uid-3', 'same', 'uid-5'] }, async (env) => {
      const { summary } = await env.sync();
      expect(summary).toMatchObject({ bodiesStored: 5, keyless: 2 });
      await expectWhole(expect, env, ['uid-1', 'uid-3', 'uid-5']);
      const digestKeyed = [...(await env.records()).values()].filter((r) => r.uid.startsWith('digest:'));
      expect(digestKeyed.map((r) => r.subject).sort()).toEqual(['message 2', 'message 4']);
      for (const r of digestKeyed) await expectWhole(expect, env, [r.uid], () => byIndex(`uid-${r.subject.slice(-1)}`));
      expect((await env.sync()).summary).toMatchObject({ headersStored: 0, bodiesStored: 0 });
    });
  }, BOUND_MS);

  for (const [what, uid] of [
    ['of 200 characters', 'x'.repeat(200)],
    ['with a space in it', 'has a space'],
    ['with 8-bit bytes', 'caf\u00e9-\u00ff-id'],
  ] as const) {
    // shared/pop3 and the planner both accept what real servers send (RFC 1939's limits bind
    // servers; Satchel only keys by the id).
    it(`keys a message by a UIDL ${what}, and does not fetch it again`, async ({ expect }) => {
      const uids = ['uid-1', uid, 'uid-3', 'uid-4', 'uid-5'];
      await withHostileServer({ messages: MESSAGES, uids }, async (env) => {
        const first = await env.sync();
        expect(first.code).toBeNull();
        expect(first.summary).toMatchObject({ bodiesStored: 5, keyless: 0 });
        await expectWhole(expect, env, uids);
        expect((await env.sync()).summary).toMatchObject({ headersStored: 0, bodiesStored: 0 });
      });
    }, BOUND_MS);
  }

  it('stores every message of a server without UIDL under a digest, once, and deletes none though the policy asks', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, uids: null }, async (env) => {
      const policy = { kind: 'delete-after-days' as const, days: 0 };
      const first = await env.sync({ policy });
      expect(first.summary).toMatchObject({ bodiesStored: 5, keyless: 5, deletedOnServer: 0, keptOnServerBecause: 'server-has-no-uidl' });
      // The account form reads this to say why its delete policy does nothing.
      expect(await getSyncState(env.db, env.accountId)).toMatchObject({ serverHasNoUidl: true });
      const records = [...(await env.records()).values()];
      expect(records.every((r) => r.uid.startsWith('digest:') && r.state === 'complete')).toBe(true);
      for (const r of records) await expectWhole(expect, env, [r.uid], () => byIndex(`uid-${r.subject.slice(-1)}`));
      const again = await env.sync({ policy, now: () => Date.now() + DAY_MS });
      expect(again.summary).toMatchObject({ bodiesStored: 0, deletedOnServer: 0 });
      expect(env.mailbox.messages).toHaveLength(5);
      expect(env.mailbox.received.some((l) => l.startsWith('DELE'))).toBe(false);
    });
  }, BOUND_MS);

  it('keys a message the UIDL listing leaves out by a digest, and every other message by its UIDL', async ({ expect }) => {
    // UIDL lists messages 1, 2, 4 and 5; LIST all five.
    const on = onCommand((c) => c.verb === 'UIDL' && c.arg === undefined, (s) => s.write('+OK\r\n1 uid-1\r\n2 uid-2\r\n4 uid-4\r\n5 uid-5\r\n.\r\n'));
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const { summary } = await env.sync();
      expect(summary).toMatchObject({ bodiesStored: 5, keyless: 1 });
      await expectWhole(expect, env, ['uid-1', 'uid-2', 'uid-4', 'uid-5']);
      const digestKeyed = [...(await env.records()).values()].filter((r) => r.uid.startsWith('digest:'));
      expect(digestKeyed.map((r) => r.subject)).toEqual(['message 3']);
      await expectWhole(expect, env, [digestKeyed[0]!.uid], () => byIndex('uid-3'));
    });
  }, BOUND_MS);

  it('stops with POP3_ERR_BAD_LISTING on a garbled LIST, storing and deleting nothing', async ({ expect }) => {
    const policy = { kind: 'delete-after-days' as const, days: 0 };
    const on = onCommand((c) => c.verb === 'LIST', (s) => s.write('+OK\r\n1 120\r\n2 lots\r\n.\r\n'));
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const { code } = await env.sync({ policy });
      expect(code).toBe('POP3_ERR_BAD_LISTING');
      expect(userSentence(code!, false)).toContain('deleted nothing');
      expect((await env.records()).size).toBe(0);
      expect(env.mailbox.received.some((l) => l.startsWith('DELE') || l.startsWith('RETR'))).toBe(false);
    });
  }, BOUND_MS);

  it('stops with POP3_ERR_NEGATIVE when LIST gets -ERR, storing nothing', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, on: onCommand((c) => c.verb === 'LIST', (s) => s.write('-ERR not now\r\n')) }, async (env) => {
      const { code } = await env.sync();
      expect(code).toBe('POP3_ERR_NEGATIVE');
      userSentence(code!, true);
      expect((await env.records()).size).toBe(0);
    });
  }, BOUND_MS);

  // ── Line ends and bytes ───────────────────────────────────────────────────────────────
  it('syncs a server that ends every line with a bare LF, terminators included, storing the LF bytes as served', async ({ expect }) => {
    const lf = ordinaryMessages(5, '\n');
    await withHostileServer({ messages: lf, eol: '\n' }, async (env) => {
      const { summary, ms } = await env.sync();
      expect(summary).toMatchObject({ bodiesStored: 5, headersStored: 5 });
      await expectWhole(expect, env, UIDS, (uid) => lf[UIDS.indexOf(uid)]!);
      expect(ms).toBeLessThan(QUICK_MS);
    });
  }, BOUND_MS);

  it('stores a message holding NUL bytes byte for byte', async ({ expect }) => {
    const withNul = Buffer.concat([Buffer.from('Subject: nul\r\n\r\nbefore'), Buffer.from([0, 0, 1, 0]), Buffer.from('after\r\n\0\r\n')]);
    const messages = [...MESSAGES.slice(0, 4), withNul];
    await withHostileServer({ messages }, async (env) => {
      expect((await env.sync()).summary).toMatchObject({ bodiesStored: 5 });
      await expectWhole(expect, env, UIDS, (uid) => messages[UIDS.indexOf(uid)]!);
    });
  }, BOUND_MS);

  it('stores a message with a body line over 1 MB byte for byte', async ({ expect }) => {
    const long = Buffer.concat([Buffer.from('Subject: long line\r\nContent-Type: text/plain\r\n\r\n'), Buffer.alloc(1_500_000, 'abcdefghij'), Buffer.from('\r\nend\r\n')]);
    const messages = [long, ...MESSAGES.slice(1)];
    await withHostileServer({ messages }, async (env) => {
      const { summary, ms } = await env.sync();
      expect(summary).toMatchObject({ bodiesStored: 5 });
      await expectWhole(expect, env, UIDS, (uid) => messages[UIDS.indexOf(uid)]!);
      expect(ms).toBeLessThan(QUICK_MS);
    });
  }, BOUND_MS);

  it('stores a message with a 200 KB header block whole, flagged with the metadata issue, and every other message', async ({ expect }) => {
    const giant = Buffer.from(`Subject: giant header\r\n${Array.from({ length: 2000 }, (_, i) => `X-Filler-${i}: ${'y'.repeat(90)}`).join('\r\n')}\r\n\r\nbody\r\n`);
    const messages = [...MESSAGES.slice(0, 4), giant];
    await withHostileServer({ messages }, async (env) => {
      expect((await env.sync()).summary).toMatchObject({ bodiesStored: 5 });
      await expectWhole(expect, env, UIDS, (uid) => messages[UIDS.indexOf(uid)]!);
      expect((await env.records()).get('uid-5')).toMatchObject({ state: 'complete', metadataIssue: 'SYNC_ERR_MESSAGE_UNREADABLE' });
      userSentence('SYNC_ERR_MESSAGE_UNREADABLE', false);
    });
  }, BOUND_MS);

  it('stores an empty message as empty, and every other message', async ({ expect }) => {
    const messages = [...MESSAGES.slice(0, 2), new Uint8Array(0), ...MESSAGES.slice(3)];
    await withHostileServer({ messages }, async (env) => {
      expect((await env.sync()).summary).toMatchObject({ bodiesStored: 5 });
      await expectWhole(expect, env, UIDS, (uid) => messages[UIDS.indexOf(uid)]!);
    });
  }, BOUND_MS);

  it('stores a message without a final line break without the CRLF the server adds before the terminator', async ({ expect }) => {
    const unterminated = Buffer.from('Subject: no final break\r\n\r\nends here');
    const messages = [...MESSAGES.slice(0, 4), unterminated];
    await withHostileServer({ messages }, async (env) => {
      expect((await env.sync()).summary).toMatchObject({ bodiesStored: 5, sizeMismatches: [] });
      await expectWhole(expect, env, UIDS, (uid) => messages[UIDS.indexOf(uid)]!);
    });
  }, BOUND_MS);

  it('stores a small message that arrives at one byte per second, within its time', async ({ expect }) => {
    const tiny = Buffer.from('X: y\r\n\r\nz\r\n');
    const messages = [tiny, ...MESSAGES.slice(1)];
    const on = onCommand(retrOf(1), async (s) => {
      for (const byte of Buffer.from(`+OK\r\n${tiny.toString('latin1')}.\r\n`, 'latin1')) {
        s.write(Uint8Array.of(byte));
        await sleep(1000);
      }
    });
    await withHostileServer({ messages, on }, async (env) => {
      const { summary, ms } = await env.sync();
      expect(summary).toMatchObject({ bodiesStored: 5 });
      await expectWhole(expect, env, UIDS, (uid) => messages[UIDS.indexOf(uid)]!);
      expect(ms).toBeLessThan(25_000);
    });
  }, 35_000);

  it('syncs a server that writes its status lines in lower case (+ok, -err)', async ({ expect }) => {
    const on = async (c: HostileCommand, ctx: { session: FaultSession; honestAnswer: (c: HostileCommand) => Uint8Array }): Promise<boolean> => {
      if (c.verb !== 'RETR') return false;
      const honest = Buffer.from(ctx.honestAnswer(c));
      ctx.session.write(c.msg === 2 ? Buffer.from('-err [sys/temp] later\r\n') : Buffer.concat([Buffer.from('+ok'), honest.subarray(3)]));
      return true;
    };
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const { summary } = await env.sync();
      expect(summary).toMatchObject({ bodiesStored: 4, bodiesFailed: ['uid-2'] });
      expect((await env.records()).get('uid-2')?.fetchFailure?.code).toBe('POP3_ERR_SYS_TEMP');
      await expectWhole(expect, env, ['uid-1', 'uid-3', 'uid-4', 'uid-5']);
    });
  }, BOUND_MS);

  it('stores a message whole after a TOP that ignored its line count and sent the whole message', async ({ expect }) => {
    const on = async (c: HostileCommand, ctx: { session: FaultSession; honestAnswer: (c: HostileCommand) => Uint8Array }): Promise<boolean> => {
      if (c.verb !== 'TOP') return false;
      ctx.session.write(ctx.honestAnswer({ ...c, verb: 'RETR', line: `RETR ${c.msg}` }));
      return true;
    };
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      expect((await env.sync()).summary).toMatchObject({ headersStored: 5, bodiesStored: 5 });
      await expectWhole(expect, env, UIDS);
    });
  }, BOUND_MS);

  it('never stores as complete a message cut short by a server that did not dot-stuff a lone "." line', async ({ expect }) => {
    // Message 3's body line "." goes out unstuffed: the terminator comes early, the rest follows where RETR 2's status line belongs.
    const on = onCommand(retrOf(3), (s) => s.write(`+OK\r\n${Buffer.from(MESSAGES[2]!).toString('latin1')}.\r\n`));
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const now = Date.now();
      const first = await env.sync({ now: () => now });
      const body = await env.body('uid-3');
      expect(body === null || Buffer.from(body).equals(Buffer.from(MESSAGES[2]!))).toBe(true);
      expect(first.code).toBe('POP3_ERR_MESSAGE_CUT_SHORT');
      userSentence(first.code!, false);
      await expectWhole(expect, env, ['uid-5', 'uid-4']);
      await expectNotComplete(expect, env, 'uid-3');
      const failure = (await env.records()).get('uid-3')?.fetchFailure;
      expect(failure?.code).toBe('POP3_ERR_MESSAGE_CUT_SHORT');
      expect(describeFetchFailure(failure!, now)).toContain('ended it before its end');
      // It goes last next time, so the older messages are not held back by it.
      expect((await env.sync({ now: () => now + 1 })).summary).toMatchObject({ bodiesStored: 3, bodiesFailed: [] });
      await expectWhole(expect, env, UIDS);
    });
  }, BOUND_MS);

  it('stores messages whose answers arrive in pieces of 1 to 7 bytes, split anywhere, terminators included', async ({ expect }) => {
    const on = onCommand((c) => c.verb === 'RETR', async (s, _c, honest) => {
      for (let at = 0, step = 1; at < honest.length; at += step, step = (step % 7) + 1) {
        s.write(honest.subarray(at, at + step));
        await sleep(1);
      }
    });
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      expect((await env.sync()).summary).toMatchObject({ bodiesStored: 5 });
      await expectWhole(expect, env, UIDS);
    });
  }, BOUND_MS);

  // ── Big ones: bounded time and memory ─────────────────────────────────────────────────
  it('lists a 100 MB message over the auto-download limit from its TOP and leaves it on the server', async ({ expect }) => {
    const hundred = 100 * 1024 * 1024;
    await withHostileServer({ messages: MESSAGES, listSize: (msg, size) => (msg === 5 ? hundred : size) }, async (env) => {
      const { summary, ms } = await env.sync({ settings: { maxAutoDownloadSize: 1024 * 1024, unmetered: false } });
      expect(summary).toMatchObject({ headersStored: 5, bodiesStored: 4, deferred: 1 });
      expect((await env.records()).get('uid-5')).toMatchObject({ state: 'header', size: hundred, subject: 'message 5' });
      await expectWhole(expect, env, UIDS.slice(0, 4));
      expect(env.mailbox.received).not.toContain('RETR 5');
      expect(ms).toBeLessThan(QUICK_MS);
    });
  }, BOUND_MS);

  it('streams a 100 MB message only up to the 64 MiB it can store, flags it too large, keeps every other one, in bounded memory', async ({ expect }) => {
    const hundred = 100 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 'The quick brown fox jumps over the lazy dog 0123456789\r\n');
    const on = onCommand(retrOf(1), async (s) => {
      s.write('+OK 104857600 octets\r\nSubject: huge\r\n\r\n');
      for (let sent = 0; sent < hundred; sent += chunk.length) {
        s.write(chunk);
        await s.drained();
      }
      s.write('.\r\n');
    });
    await withHostileServer({ messages: MESSAGES, listSize: (msg, size) => (msg === 1 ? hundred : size), on }, async (env) => {
      const now = Date.now();
      const { result: outcome, growth } = await peakRssGrowth(() => env.sync({ now: () => now }));
      console.info(`[hostile-matrix] 100 MB message: ${outcome.code ?? 'finished'} in ${outcome.ms.toFixed(0)} ms, RSS grew by at most ${(growth / 2 ** 20).toFixed(0)} MiB`);
      expect(outcome.code).toBe('POP3_ERR_MESSAGE_TOO_LARGE');
      expect(userSentence(outcome.code!, false)).toContain('another mail program');
      await expectWhole(expect, env, UIDS.slice(1));
      await expectNotComplete(expect, env, 'uid-1');
      const failure = (await env.records()).get('uid-1')?.fetchFailure;
      expect(failure?.code).toBe('POP3_ERR_MESSAGE_TOO_LARGE');
      expect(describeFetchFailure(failure!, now)).toContain('larger than Satchel can store');
      // Held once (64 MiB) plus buffers, not the whole 100 MB twice.
      expect(growth).toBeLessThan(400 * 1024 * 1024);
      expect(outcome.ms).toBeLessThan(30_000);
    });
  }, 45_000);

  it('ends with POP3_ERR_LINE_TOO_LONG on a status line over 1 MB, flags that message, and reaches the others next time', async ({ expect }) => {
    const on = onCommand(retrOf(3), (s) => s.write(`+OK ${'x'.repeat(1_100_000)}\r\n`));
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const first = await env.sync();
      expect(first.code).toBe('POP3_ERR_LINE_TOO_LONG');
      userSentence(first.code!, false);
      await expectWhole(expect, env, ['uid-5', 'uid-4']);
      await expectNotComplete(expect, env, 'uid-3');
      expect((await env.records()).get('uid-3')?.fetchFailure?.code).toBe('POP3_ERR_LINE_TOO_LONG');
      expect((await env.sync()).summary).toMatchObject({ bodiesStored: 3 });
      await expectWhole(expect, env, UIDS);
    });
  }, BOUND_MS);

  // ── Garbage where a status line belongs ───────────────────────────────────────────────
  it('ends with POP3_ERR_BAD_STATUS on a garbage status line to one RETR, flags that message, and the next sync gets every other one', async ({ expect }) => {
    // On every connection: a server that always chokes on message 3.
    const on = onCommand((c) => c.verb === 'RETR' && c.msg === 3, (s) => s.write('HTTP/1.1 500 Internal Server Error\r\n\r\n'));
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const t0 = Date.now();
      const first = await env.sync({ now: () => t0 });
      expect(first.code).toBe('POP3_ERR_BAD_STATUS');
      userSentence(first.code!, true);
      await expectWhole(expect, env, ['uid-5', 'uid-4']);
      expect((await env.records()).get('uid-3')?.fetchFailure).toMatchObject({ code: 'POP3_ERR_BAD_STATUS', attempts: 1 });
      // It goes last, so 2 and 1 arrive before it fails again.
      const second = await env.sync({ now: () => t0 + 60_000 });
      expect(second.code).toBe('POP3_ERR_BAD_STATUS');
      await expectWhole(expect, env, ['uid-5', 'uid-4', 'uid-2', 'uid-1']);
      await expectNotComplete(expect, env, 'uid-3');
      // Then its backoff keeps it from costing a sync at all.
      const third = await env.sync({ now: () => t0 + 120_000 });
      expect(third.summary).toMatchObject({ bodiesStored: 0 });
    });
  }, BOUND_MS);

  it('ends with POP3_ERR_BAD_GREETING when the server greets with something that is not POP3', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, greeting: 'SSH-2.0-OpenSSH_9.2p1\r\n' }, async (env) => {
      const { code, ms } = await env.sync();
      expect(code).toBe('POP3_ERR_BAD_GREETING');
      userSentence(code!, false);
      expect((await env.records()).size).toBe(0);
      expect(ms).toBeLessThan(QUICK_MS);
    });
  }, BOUND_MS);

  it('ends with POP3_ERR_GREETING_REJECTED when the server greets with -ERR', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, greeting: '-ERR [SYS/TEMP] too many connections\r\n' }, async (env) => {
      const { code } = await env.sync();
      expect(code).toBe('POP3_ERR_GREETING_REJECTED');
      userSentence(code!, true);
      expect((await env.records()).size).toBe(0);
    });
  }, BOUND_MS);

  it('ends with TUNNEL_ERR_UPSTREAM_SILENT, in bounded time, when the greeting never comes', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, greeting: null }, async (env) => {
      const { code, ms } = await env.sync();
      expect(code).toBe('TUNNEL_ERR_UPSTREAM_SILENT');
      expect(ms).toBeLessThan(SERVER_SILENCE_MS + 4_000);
      expect(userSentence(code!, true)).toContain('stopped answering');
      expect((await env.records()).size).toBe(0);
    });
  }, BOUND_MS);

  it('ends with POP3_ERR_UNSOLICITED when the server sends bytes nobody asked for after its greeting', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, greeting: '+OK ready\r\n+OK and another thing\r\n' }, async (env) => {
      const { code } = await env.sync();
      expect(code).toBe('POP3_ERR_UNSOLICITED');
      userSentence(code!, false);
      expect((await env.records()).size).toBe(0);
    });
  }, BOUND_MS);

  // ── Pipelining ────────────────────────────────────────────────────────────────────────
  it('syncs a server that lists PIPELINING and answers each command only after a pause', async ({ expect }) => {
    const on = async (c: HostileCommand, ctx: { session: FaultSession; honestAnswer: (c: HostileCommand) => Uint8Array }): Promise<boolean> => {
      if (c.verb !== 'RETR' && c.verb !== 'TOP') return false;
      await sleep(20);
      ctx.session.write(ctx.honestAnswer(c));
      return true;
    };
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      expect((await env.sync()).summary).toMatchObject({ bodiesStored: 5 });
      await expectWhole(expect, env, UIDS);
    });
  }, BOUND_MS);

  it('syncs every message of a server that lists PIPELINING but drops pipelined commands, within the first sync', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES, pipelining: 'drop' }, async (env) => {
      const first = await env.sync();
      expect(first.ms).toBeLessThan(SERVER_SILENCE_MS + 4_000);
      expect(first.summary).toMatchObject({ bodiesStored: 5 });
      await expectWhole(expect, env, UIDS);
      // The probe (a NOOP) was answered: the session was given up, and the next one went one command at a time.
      expect(env.mailbox.connections).toBe(2);
      expect(env.mailbox.received).toContain('NOOP');
    });
  }, BOUND_MS);

  it('sends one command at a time from the next sync on, once a server that lists PIPELINING dropped pipelined commands', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES.slice(0, 3), pipelining: 'drop' }, async (env) => {
      expect((await env.sync()).summary).toMatchObject({ bodiesStored: 3 });
      const second = await env.sync();
      expect(second.summary).toMatchObject({ headersStored: 0, bodiesStored: 0 });
      expect(second.ms).toBeLessThan(PIPELINE_SILENCE_MS);
      expect(env.mailbox.connections).toBe(3);
    });
  }, BOUND_MS);

  it('never stores one message under another\'s UIDL when the server answers two pipelined RETRs in the wrong order', async ({ expect }) => {
    let held: Uint8Array | null = null;
    const on = onCommand((c, n) => n === 0 && c.verb === 'RETR' && (c.msg === 5 || c.msg === 4), (s, c, honest) => {
      if (c.msg === 5) held = honest;
      else s.write(Buffer.concat([honest, held!]));
    });
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const first = await env.sync();
      const records = await env.records();
      for (const uid of UIDS) {
        const body = await env.body(uid);
        if (body !== null) expect(Buffer.from(body).equals(Buffer.from(byIndex(uid))), uid).toBe(true);
        expect(records.get(uid)?.subject ?? `message ${uid.slice(-1)}`).toBe(`message ${uid.slice(-1)}`);
      }
      // Caught at RETR 5 (its TOP named message 5); the sync started over one command at a time.
      expect(first.summary).toMatchObject({ bodiesStored: 5, bodiesFailed: [] });
      await expectWhole(expect, env, UIDS);
      expect(env.mailbox.connections).toBe(2);
      expect((await env.records()).get('uid-5')?.fetchFailure).toBeUndefined();
    });
  }, BOUND_MS);

  it('never stores one message under another\'s UIDL when the server answers one pipelined RETR twice', async ({ expect }) => {
    const on = onCommand((c, n) => n === 0 && c.verb === 'RETR' && c.msg === 5, (s, _c, honest) => s.write(Buffer.concat([honest, honest])));
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const now = Date.now();
      const first = await env.sync({ now: () => now });
      for (const uid of UIDS) {
        const body = await env.body(uid);
        if (body !== null) expect(Buffer.from(body).equals(Buffer.from(byIndex(uid))), uid).toBe(true);
      }
      // RETR 5's second answer was read as RETR 4's and refused; 4 and older came one at a time.
      expect(first.summary).toMatchObject({ bodiesStored: 5, bodiesFailed: [] });
      await expectWhole(expect, env, UIDS);
      expect(env.mailbox.received.filter((l) => l === 'RETR 4')).toHaveLength(2);
    });
  }, BOUND_MS);

  // ── Login ─────────────────────────────────────────────────────────────────────────────
  for (const [code, line] of [
    ['POP3_ERR_IN_USE', '-ERR [IN-USE] mailbox locked by another session\r\n'],
    ['POP3_ERR_LOGIN_DELAY', '-ERR [LOGIN-DELAY] wait 10 minutes between logins\r\n'],
  ] as const) {
    it(`stops the sync with ${code} when login gets ${line.slice(5, line.indexOf(']') + 1)}, storing nothing, and asks the user to wait`, async ({ expect }) => {
      await withHostileServer({ messages: MESSAGES, on: onCommand((c) => c.verb === 'PASS', (s) => s.write(line)) }, async (env) => {
        const outcome = await env.sync();
        expect(outcome.code).toBe(code);
        expect(userSentence(code, false)).toMatch(/wait/i);
        expect(shouldWaitBeforeRetry(code)).toBe(true);
        expect((await env.records()).size).toBe(0);
        expect(env.mailbox.received.some((l) => l.startsWith('RETR') || l.startsWith('LIST'))).toBe(false);
      });
    }, BOUND_MS);
  }

  it('stops the sync with POP3_ERR_AUTH on a wrong password, and tells the user to check it', async ({ expect }) => {
    await withHostileServer({ messages: MESSAGES }, async (env) => {
      const { code } = await env.sync({ password: 'wrong' });
      expect(code).toBe('POP3_ERR_AUTH');
      expect(userSentence(code!, false)).toContain('password');
      expect(shouldWaitBeforeRetry(code!)).toBe(true);
      expect((await env.records()).size).toBe(0);
    });
  }, BOUND_MS);

  // ── Deletion and QUIT (DESIGN.md invariants 2 and 3) ────────────────────────────────────────────
  it('deletes nothing when the server resets after DELE and before QUIT, and the next sync converges', async ({ expect }) => {
    const policy = { kind: 'delete-after-days' as const, days: 0 };
    const on = onCommand((c, n) => c.verb === 'QUIT' && n === 1, (s) => s.destroy());
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const t0 = Date.now();
      expect((await env.sync({ policy, now: () => t0 })).summary).toMatchObject({ bodiesStored: 5, deletedOnServer: 0 });
      const cut = await env.sync({ policy, now: () => t0 + DAY_MS });
      expect(env.mailbox.received.filter((l) => l.startsWith('DELE'))).toHaveLength(5);
      expect(SERVER_HUNG_UP).toContain(cut.code);
      // RFC 1939 §6: no QUIT answered, no UPDATE state: every message is still on the server.
      expect(env.mailbox.messages).toHaveLength(5);
      await expectWhole(expect, env, UIDS, byIndex);
      const next = await env.sync({ policy, now: () => t0 + 2 * DAY_MS });
      expect(next.summary).toMatchObject({ deletedOnServer: 5, bodiesStored: 0 });
      expect(env.mailbox.messages).toHaveLength(0);
      await expectWhole(expect, env, UIDS, byIndex);
    });
  }, BOUND_MS);

  it('deletes every other message when the server refuses one DELE, and keeps that one on both sides', async ({ expect }) => {
    const policy = { kind: 'delete-after-days' as const, days: 0 };
    const on = onCommand((c) => c.verb === 'DELE' && c.msg === 2, (s) => s.write('-ERR [SYS/TEMP] message is locked\r\n'));
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const t0 = Date.now();
      await env.sync({ policy, now: () => t0 });
      const second = await env.sync({ policy, now: () => t0 + DAY_MS });
      expect(second.code).toBeNull();
      expect(second.summary).toMatchObject({ deletedOnServer: 4 });
      expect(env.mailbox.messages.map((m) => m.uid)).toEqual(['uid-2']);
      await expectWhole(expect, env, UIDS, byIndex);
    });
  }, BOUND_MS);

  it('finishes with its summary when the server answers QUIT with -ERR and nothing was to be deleted', async ({ expect }) => {
    const on = onCommand((c) => c.verb === 'QUIT', (s) => s.write('-ERR [SYS/TEMP] could not update the maildrop\r\n'));
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const outcome = await env.sync();
      expect(outcome.code).toBeNull();
      expect(outcome.summary).toMatchObject({ bodiesStored: 5, deletedOnServer: 0 });
      await expectWhole(expect, env, UIDS);
    });
  }, BOUND_MS);

  it('reports no deletions when the server answers QUIT with -ERR after DELEs, and the next sync converges', async ({ expect }) => {
    const policy = { kind: 'delete-after-days' as const, days: 0 };
    // A server whose UPDATE fails: the DELEs are accepted, QUIT says -ERR, nothing goes.
    const on = onCommand((c, n) => c.verb === 'QUIT' && n === 1, (s) => s.write('-ERR [SYS/TEMP] some deleted messages not removed\r\n'));
    await withHostileServer({ messages: MESSAGES, on }, async (env) => {
      const t0 = Date.now();
      await env.sync({ policy, now: () => t0 });
      const failedUpdate = await env.sync({ policy, now: () => t0 + DAY_MS });
      expect(failedUpdate.summary).toMatchObject({ deletedOnServer: 0 });
      expect(env.mailbox.messages).toHaveLength(5);
      const next = await env.sync({ policy, now: () => t0 + 2 * DAY_MS });
      expect(next.summary).toMatchObject({ deletedOnServer: 5 });
      expect(env.mailbox.messages).toHaveLength(0);
      await expectWhole(expect, env, UIDS, byIndex);
    });
  }, BOUND_MS);
});
