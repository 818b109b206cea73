import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, type CorpusMessage } from '../../support/corpus.ts';
import { startTestBridge } from '../../support/bridge-fixture.ts';
import { startCourier, type CourierServer } from '../../support/courier-harness.ts';
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
const SUBSTITUTE_START = 'From: Mail Delivery Subsystem <postmaster>\r\nSubject: Cannot display Unicode content\r\n';
/** Courier's substitute names its MIME boundary after its pid and the time: `=_<pid>-<seconds>`. */
const SUBSTITUTE_BOUNDARY = /=_[0-9]+-[0-9]+/g;

function isSubstitute(bytes: Uint8Array | undefined): boolean {
  return bytes !== undefined && Buffer.from(bytes.subarray(0, SUBSTITUTE_START.length)).toString('latin1') === SUBSTITUTE_START;
}

/**
 * Message numbers served differently by two downloads, except substitutes that differ only
 * in their boundary: Courier builds a new one on every RETR, so those bytes are never the
 * same twice, however they travel.
 */
function differingBeyondSubstituteBoundary(a: MailboxDownload, b: MailboxDownload): number[] {
  return differingMessages(a.messages, b.messages).filter((msg) => {
    const left = a.messages.get(msg);
    const right = b.messages.get(msg);
    if (!isSubstitute(left) || !isSubstitute(right)) return true;
    const normalize = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('latin1').replace(SUBSTITUTE_BOUNDARY, '=_BOUNDARY');
    return normalize(left) !== normalize(right);
  });
}

let corpus: CorpusMessage[];
let courier: CourierServer;
let bridge: Awaited<ReturnType<typeof startTestBridge>>;
/** What Courier serves over a direct TCP connection (no UTF8), the reference for the bridge. */
let direct: MailboxDownload;

beforeAll(async () => {
  corpus = await loadCorpus();
  courier = await startCourier({ users: [{ ...CREDENTIALS, messages: corpus.map((m) => m.bytes) }] });
  bridge = await startTestBridge(courier.pki.caCertFile, [
    { name: 'courier-tls', label: 'Courier, implicit TLS', host: courier.tlsHostname, port: courier.pop3sPort, tls: 'implicit', allowLocal: true },
    { name: 'courier-stls', label: 'Courier, STLS', host: courier.tlsHostname, port: courier.pop3Port, tls: 'starttls', allowLocal: true },
    { name: 'courier-plain', label: 'Courier, loopback plaintext', host: courier.host, port: courier.pop3Port, tls: 'plaintext', allowLocal: true },
  ]);
  direct = await downloadDirect(courier.host, courier.pop3Port, CREDENTIALS);
});

afterAll(async () => {
  await bridge?.close();
  await courier?.stop();
});

describe('Courier with the shared corpus', () => {
  it('starts within a few seconds', () => {
    expect(courier.startMs).toBeLessThan(5_000);
  });

  it('lists and serves every corpus message delivered to its Maildir, with one UIDL each', () => {
    expect(corpus.length).toBeGreaterThan(500);
    expect(direct.sizes.size).toBe(corpus.length);
    expect(direct.messages.size).toBe(corpus.length);
    expect(direct.uidl instanceof Map && new Set(direct.uidl.values()).size).toBe(corpus.length);
  });

  it('offers TOP, UIDL, PIPELINING and UTF8 in CAPA', () => {
    expect(direct.capabilities).toMatchObject({ top: true, uidl: true, pipelining: true, utf8: true, user: true });
  });

  it('serves a substitute whose bytes change on every RETR, so no two downloads of it are equal', async () => {
    const again = await downloadDirect(courier.host, courier.pop3Port, CREDENTIALS);
    const unstable = differingMessages(direct.messages, again.messages);
    expect(unstable.length).toBeGreaterThan(0);
    expect(unstable.every((msg) => isSubstitute(direct.messages.get(msg)))).toBe(true);
    expect(differingBeyondSubstituteBoundary(direct, again)).toEqual([]);
  });

  it('serves every message pipelined over implicit TLS through the bridge, byte for byte as over direct TCP', async () => {
    const tunnelled = await downloadThroughBridge(bridge.tunnelUrl, 'courier-tls', CREDENTIALS);
    expect(tunnelled.tls).toBe('implicit');
    expect(differingBeyondSubstituteBoundary(tunnelled, direct)).toEqual([]);
    expect(tunnelled.sizes).toEqual(direct.sizes);
  });

  it('serves every message one at a time over STLS done by the bridge, byte for byte', async () => {
    const tunnelled = await downloadThroughBridge(bridge.tunnelUrl, 'courier-stls', CREDENTIALS, { pipelineWindow: 1 });
    expect(tunnelled.tls).toBe('starttls');
    expect(differingBeyondSubstituteBoundary(tunnelled, direct)).toEqual([]);
  });

  it('serves every message over the plaintext loopback target, byte for byte', async () => {
    const tunnelled = await downloadThroughBridge(bridge.tunnelUrl, 'courier-plain', CREDENTIALS, { pipelineWindow: 8 });
    expect(tunnelled.tls).toBe('plaintext');
    expect(differingBeyondSubstituteBoundary(tunnelled, direct)).toEqual([]);
  });

  it('serves a substitute for 8-bit-header messages unless the client sends UTF8, while LIST keeps the original size (figures printed)', async () => {
    const utf8 = await downloadDirect(courier.host, courier.pop3Port, CREDENTIALS, { utf8: true });
    const substituted = [...direct.messages].filter(([, bytes]) => isSubstitute(bytes)).map(([msg]) => msg);
    expect(substituted.length).toBeGreaterThan(0);
    expect([...utf8.messages.values()].filter(isSubstitute)).toEqual([]);
    // Only the substitutes change when the client sends UTF8.
    expect(differingMessages(direct.messages, utf8.messages)).toEqual(substituted);
    // With UTF8 the server's LIST is unchanged, and RETR agrees with it as for other messages.
    expect(utf8.sizes).toEqual(direct.sizes);
    const figures = measureServer(corpus, direct);
    const substituteVsList = substituted.map((msg) => (direct.messages.get(msg)?.byteLength ?? 0) - (direct.sizes.get(msg) ?? 0));
    const utf8Figures = measureServer(corpus, utf8);
    printFigures('Courier', figures, {
      startMs: courier.startMs,
      substitutedWithoutUtf8: substituted.length,
      substituteRetrMinusList: [Math.min(...substituteVsList), Math.max(...substituteVsList)],
      substitutedExamples: substituted.slice(0, 5).map((msg) => `${msg} ${corpus[msg - 1]?.name}`),
      withUtf8: { forms: utf8Figures.forms, listVsRetr: { ...utf8Figures.listVsRetr, otherDeltas: utf8Figures.listVsRetr.otherDeltas.length } },
    });
    // With UTF8, every message is the file with its line ends made CRLF (see README).
    expect(utf8Figures.forms.rewritten, utf8Figures.rewritten.join('\n')).toBe(0);
  });

  // Last in the file: it changes the mailbox the other tests read.
  it('serves a message delivered after start as the next message number', async () => {
    await courier.deliver(CREDENTIALS.user, LATE_MESSAGE);
    const { count, last } = await retrLast(courier.host, courier.pop3Port, CREDENTIALS);
    expect(count).toBe(corpus.length + 1);
    expect(last).toContain('Subject: late arrival\r\n');
    expect(last).toContain('\r\n\r\nDelivered after start.\r\n');
  });
});
