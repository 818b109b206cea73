import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, type CorpusMessage } from '../../support/corpus.ts';
import { startTestBridge } from '../../support/bridge-fixture.ts';
import { startCyrus, type CyrusServer } from '../../support/cyrus-harness.ts';
import {
  differingMessages,
  downloadDirect,
  downloadThroughBridge,
  measureServer,
  LATE_MESSAGE,
  printFigures,
  retrLast,
  type MailboxDownload,
} from '../../support/pop3-server-survey.ts';

const CREDENTIALS = { user: 'reader', password: 'correct horse battery staple' };

let corpus: CorpusMessage[];
/** The corpus messages lmtpd accepted, in delivery order: message n is accepted[n - 1]. */
let accepted: CorpusMessage[];
let cyrus: CyrusServer;
let bridge: Awaited<ReturnType<typeof startTestBridge>>;
/** What Cyrus serves over a direct TCP connection, the reference for the bridge. */
let direct: MailboxDownload;

beforeAll(async () => {
  corpus = await loadCorpus();
  cyrus = await startCyrus({ users: [{ ...CREDENTIALS, messages: corpus.map((m) => m.bytes) }] });
  const refused = new Set(cyrus.rejected.map(({ index }) => index));
  accepted = corpus.filter((_, index) => !refused.has(index));
  bridge = await startTestBridge(cyrus.pki.caCertFile, [
    { name: 'cyrus-tls', label: 'Cyrus, implicit TLS', host: cyrus.tlsHostname, port: cyrus.pop3sPort, tls: 'implicit', allowLocal: true },
    { name: 'cyrus-stls', label: 'Cyrus, STLS', host: cyrus.tlsHostname, port: cyrus.pop3Port, tls: 'starttls', allowLocal: true },
    { name: 'cyrus-plain', label: 'Cyrus, loopback plaintext', host: cyrus.host, port: cyrus.pop3Port, tls: 'plaintext', allowLocal: true },
  ]);
  direct = await downloadDirect(cyrus.host, cyrus.pop3Port, CREDENTIALS);
});

afterAll(async () => {
  await bridge?.close();
  await cyrus?.stop();
});

describe('Cyrus with the shared corpus', () => {
  it('starts within a few seconds', () => {
    expect(cyrus.startMs).toBeLessThan(5_000);
  });

  it('refuses only messages with a header it calls invalid, and serves every message it accepted with one UIDL each', () => {
    expect(corpus.length).toBeGreaterThan(500);
    expect(cyrus.rejected.every(({ reply }) => reply === '554 5.6.0 Message contains invalid header')).toBe(true);
    expect(direct.sizes.size).toBe(accepted.length);
    expect(direct.messages.size).toBe(accepted.length);
    expect(direct.uidl instanceof Map && new Set(direct.uidl.values()).size).toBe(accepted.length);
  });

  it('offers TOP, UIDL, PIPELINING and RESP-CODES but not UTF8 in CAPA', () => {
    expect(direct.capabilities).toMatchObject({ top: true, uidl: true, pipelining: true, respCodes: true, utf8: false });
  });

  it('serves every message pipelined over implicit TLS through the bridge, byte for byte as over direct TCP', async () => {
    const tunnelled = await downloadThroughBridge(bridge.tunnelUrl, 'cyrus-tls', CREDENTIALS);
    expect(tunnelled.tls).toBe('implicit');
    expect(differingMessages(tunnelled.messages, direct.messages)).toEqual([]);
    expect(tunnelled.sizes).toEqual(direct.sizes);
  });

  it('serves every message over STLS done by the bridge, byte for byte', async () => {
    const tunnelled = await downloadThroughBridge(bridge.tunnelUrl, 'cyrus-stls', CREDENTIALS, { pipelineWindow: 4 });
    expect(tunnelled.tls).toBe('starttls');
    expect(differingMessages(tunnelled.messages, direct.messages)).toEqual([]);
  });

  it('serves every message over the plaintext loopback target one at a time, byte for byte', async () => {
    const tunnelled = await downloadThroughBridge(bridge.tunnelUrl, 'cyrus-plain', CREDENTIALS, { pipelineWindow: 1 });
    expect(tunnelled.tls).toBe('plaintext');
    expect(differingMessages(tunnelled.messages, direct.messages)).toEqual([]);
  });

  it('serves what LMTP delivered, CRLF throughout, with LIST equal to RETR (figures printed)', () => {
    const figures = measureServer(accepted, direct);
    printFigures('Cyrus', figures, {
      startMs: cyrus.startMs,
      rejectedByLmtpd: cyrus.rejected.length,
      rejectedExamples: cyrus.rejected.slice(0, 8).map(({ index, reply }) => `${corpus[index]?.name}: ${reply}`),
    });
    expect(figures.servedWithBareLf).toBe(0);
    expect(figures.listVsRetr.equal).toBe(accepted.length);
  });

  // Last in the file: it changes the mailbox the other tests read.
  it('serves a message delivered after start as the next message number', async () => {
    await cyrus.deliver(CREDENTIALS.user, LATE_MESSAGE);
    const { count, last } = await retrLast(cyrus.host, cyrus.pop3Port, CREDENTIALS);
    expect(count).toBe(accepted.length + 1);
    expect(last).toContain('Subject: late arrival\r\n');
    expect(last).toContain('\r\n\r\nDelivered after start.\r\n');
  });
});
