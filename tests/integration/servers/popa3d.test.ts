import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, type CorpusMessage } from '../../support/corpus.ts';
import { startTestBridge } from '../../support/bridge-fixture.ts';
import { startPopa3d, toMboxEntry, type Popa3dServer } from '../../support/popa3d-harness.ts';
import {
  differingMessages,
  downloadDirect,
  downloadThroughBridge,
  measureServer,
  LATE_MESSAGE,
  printFigures,
  retrLast,
  rawUidl,
  type MailboxDownload,
} from '../../support/pop3-server-survey.ts';
import { createTestPki } from '../../support/test-pki.ts';

const CREDENTIALS = { user: 'reader', password: 'correct horse battery staple' };

let corpus: CorpusMessage[];
let popa3d: Popa3dServer;
let bridge: Awaited<ReturnType<typeof startTestBridge>>;
let pkiDir: string;
/** What popa3d serves over a direct TCP connection, the reference for the bridge. */
let direct: MailboxDownload;

beforeAll(async () => {
  corpus = await loadCorpus();
  popa3d = await startPopa3d({ users: [{ ...CREDENTIALS, messages: corpus.map((m) => m.bytes) }] });
  // popa3d has no TLS; the bridge only needs some CA file to start.
  pkiDir = await mkdtemp(join(tmpdir(), 'satchel-popa3d-pki-'));
  const pki = await createTestPki(pkiDir);
  bridge = await startTestBridge(pki.caCertFile, [
    { name: 'popa3d-plain', label: 'popa3d, loopback plaintext', host: popa3d.host, port: popa3d.pop3Port, tls: 'plaintext', allowLocal: true },
  ]);
  direct = await downloadDirect(popa3d.host, popa3d.pop3Port, CREDENTIALS);
});

afterAll(async () => {
  await bridge?.close();
  await popa3d?.stop();
  if (pkiDir) await rm(pkiDir, { recursive: true, force: true });
});

describe('popa3d with the shared corpus', () => {
  it('starts within a few seconds', () => {
    expect(popa3d.startMs).toBeLessThan(5_000);
  });

  it('lists and serves every corpus message loaded into its mbox', () => {
    expect(corpus.length).toBeGreaterThan(500);
    expect(direct.sizes.size).toBe(corpus.length);
    expect(direct.messages.size).toBe(corpus.length);
  });

  it('answers CAPA with -ERR, so a client learns of no TOP, UIDL, PIPELINING or UTF8', () => {
    expect(direct.capabilities).toBeNull();
  });

  it('serves every message through the bridge byte for byte as over a direct TCP connection', async () => {
    const tunnelled = await downloadThroughBridge(bridge.tunnelUrl, 'popa3d-plain', CREDENTIALS);
    expect(tunnelled.tls).toBe('plaintext');
    expect(tunnelled.messages.size).toBe(corpus.length);
    expect(differingMessages(tunnelled.messages, direct.messages)).toEqual([]);
    expect(tunnelled.sizes).toEqual(direct.sizes);
  });

  it('gives colliding unique-ids, which shared/pop3 lists as they are (the sync keys those messages by digest)', async () => {
    const uids = await rawUidl(popa3d.host, popa3d.pop3Port, CREDENTIALS);
    expect(uids.size).toBe(corpus.length);
    expect(new Set(uids.values()).size).toBeLessThan(corpus.length);
    expect(direct.uidl).toEqual(uids);
  });

  it('serves each message as its mbox entry with CRLF line ends (figures printed)', async () => {
    const uids = await rawUidl(popa3d.host, popa3d.pop3Port, CREDENTIALS);
    // Compare with what was really stored: the mboxo-quoted message (">From " lines).
    const stored = corpus.map(({ name, bytes }) => {
      const entry = toMboxEntry(bytes).bytes;
      // The entry without its "From " separator line and the blank line after it.
      const start = entry.indexOf(0x0a) + 1;
      return { name, bytes: entry.subarray(start, entry.byteLength - 1) };
    });
    const figures = measureServer(stored, direct, uids);
    const quotedMessages = corpus.filter(({ bytes }) => toMboxEntry(bytes).quotedLines > 0).length;
    const sourceFigures = measureServer(corpus, direct, uids);
    printFigures('popa3d', figures, {
      startMs: popa3d.startMs,
      messagesWithFromLinesQuoted: quotedMessages,
      formsAgainstOriginalFiles: sourceFigures.forms,
    });
    expect(figures.forms.rewritten, figures.rewritten.join('\n')).toBe(0);
  });

  // Last in the file: it changes the mailbox the other tests read.
  it('serves a message delivered after start as the next message number', async () => {
    await popa3d.deliver(CREDENTIALS.user, LATE_MESSAGE);
    const { count, last } = await retrLast(popa3d.host, popa3d.pop3Port, CREDENTIALS);
    expect(count).toBe(corpus.length + 1);
    expect(last).toContain('Subject: late arrival\r\n');
    expect(last).toContain('\r\n\r\nDelivered after start.\r\n');
  });
});
