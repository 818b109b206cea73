/**
 * What a real POP3 server does with the corpus, seen through shared/pop3 only (no sync
 * engine): fetch everything over a direct TCP connection and through the real bridge,
 * check both agree byte for byte, and measure how the served bytes differ from the files
 * that were loaded and from LIST. The figures are printed, not asserted: they are the
 * facts the sync engine has to cope with (tests/support/README.md, "what each server does").
 */
import { Pop3NegativeResponseError, Pop3RemoteProtocolError, Pop3Session, type ByteChannel, type Pop3Capabilities } from '../../shared/pop3/index.ts';
import { ChannelLineReader } from './channel-line-reader.ts';
import { connectTcp } from './node-byte-channel.ts';
import { TEST_ORIGIN } from './bridge-fixture.ts';
import { openTunnel } from './ws-tunnel-channel.ts';

export interface MailboxDownload {
  capabilities: Pop3Capabilities | null;
  /** LIST: message number → size. */
  sizes: Map<number, number>;
  /** UIDL through shared/pop3, or the error code it refused the listing with. */
  uidl: Map<number, string> | { refused: string };
  /** RETR of every listed message, by message number. */
  messages: Map<number, Uint8Array>;
}

export interface Credentials {
  user: string;
  password: string;
}

/**
 * LIST, RETR of every message and UIDL on an open session, then QUIT. UIDL comes last, so
 * that a listing shared/pop3 refuses still leaves the messages read. With `utf8`, the
 * session reads CAPA before login and so sends RFC 6856 UTF8 where the server lists it (as
 * the app's sync does); without, it skips that CAPA, and the server serves what a client
 * that never asked gets.
 */
async function downloadMailbox(session: Pop3Session, credentials: Credentials, options: { utf8?: boolean } = {}): Promise<MailboxDownload> {
  await session.open({ capabilities: options.utf8 === true });
  await session.login({ ...credentials, mechanism: 'USER' });
  // RFC 2449 §5: what CAPA says after login (shared/pop3 asks again) is what the session has.
  const capabilities = session.capabilities;
  const listing = await session.list();
  const sizes = new Map(listing.map(({ msg, size }) => [msg, size]));
  const messages = new Map<number, Uint8Array>();
  await session.retrMany(
    listing.map(({ msg }) => msg),
    (msg, bytes) => {
      messages.set(msg, bytes);
    },
  );
  let uidl: MailboxDownload['uidl'];
  try {
    uidl = new Map((await session.uidl()).map(({ msg, uid }) => [msg, uid]));
  } catch (error) {
    if (!(error instanceof Pop3RemoteProtocolError || error instanceof Pop3NegativeResponseError)) throw error;
    return { capabilities, sizes, uidl: { refused: error.code }, messages };
  }
  await session.quit();
  return { capabilities, sizes, uidl, messages };
}

/** The whole mailbox over a direct TCP connection (no bridge). */
export async function downloadDirect(
  host: string,
  port: number,
  credentials: Credentials,
  options: { utf8?: boolean } = {},
): Promise<MailboxDownload> {
  const channel = await connectTcp(host, port, { timeoutMs: 30_000 });
  return downloadMailbox(new Pop3Session(channel), credentials, options);
}

/** The whole mailbox through the bridge's tunnel to `target`. */
export async function downloadThroughBridge(
  tunnelUrl: string,
  target: string,
  credentials: Credentials,
  options: { pipelineWindow?: number } = {},
): Promise<MailboxDownload & { tls: string }> {
  const { ready, channel } = await openTunnel(tunnelUrl, target, { origin: TEST_ORIGIN, timeoutMs: 30_000 });
  const session = new Pop3Session(channel, {
    greeting: ready.greeting === 'consumed' ? 'none' : 'expect',
    ...(options.pipelineWindow === undefined ? {} : { pipelineWindow: options.pipelineWindow }),
  });
  return { ...(await downloadMailbox(session, credentials)), tls: ready.tls };
}

/**
 * A message delivered while the server runs, for checking a harness's deliver(). LF line
 * ends, as MDAs write Maildir and mbox files (Courier would serve CRLF ones as CR CR LF);
 * every server serves it with CRLF.
 */
export const LATE_MESSAGE = new TextEncoder().encode(
  'From: late@satchel.test\nSubject: late arrival\nMessage-ID: <late-arrival@satchel.test>\n\nDelivered after start.\n',
);

/** How many messages LIST shows, and RETR of the last one, over a fresh direct session. */
export async function retrLast(host: string, port: number, credentials: Credentials): Promise<{ count: number; last: string }> {
  const session = new Pop3Session(await connectTcp(host, port, { timeoutMs: 30_000 }));
  await session.open({ capabilities: false });
  await session.login({ ...credentials, mechanism: 'USER' });
  const listing = await session.list();
  const last = listing.length === 0 ? new Uint8Array() : await session.retr(listing.length);
  await session.quit();
  return { count: listing.length, last: Buffer.from(last).toString('latin1') };
}

/** Message numbers whose bytes differ between two downloads (or are missing from one). */
export function differingMessages(a: Map<number, Uint8Array>, b: Map<number, Uint8Array>): number[] {
  const numbers = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
  return numbers.filter((msg) => {
    const left = a.get(msg);
    const right = b.get(msg);
    return !left || !right || Buffer.compare(Buffer.from(left), Buffer.from(right)) !== 0;
  });
}

/** The UIDL listing as raw lines, past shared/pop3's duplicate check, over a fresh direct connection. */
export async function rawUidl(host: string, port: number, credentials: Credentials): Promise<Map<number, string>> {
  const channel: ByteChannel = await connectTcp(host, port, { timeoutMs: 30_000 });
  const reader = new ChannelLineReader(channel);
  try {
    await reader.line();
    await reader.command(`USER ${credentials.user}`);
    const pass = await reader.command(`PASS ${credentials.password}`);
    if (!pass.startsWith('+OK')) throw new Error(`login refused: ${pass}`);
    const { status, lines } = await reader.multiline('UIDL');
    if (!status.startsWith('+OK')) throw new Error(`UIDL refused: ${status}`);
    await reader.command('QUIT');
    return new Map(lines.map((line) => {
      const [msg = '', uid = ''] = line.split(' ');
      return [Number(msg), uid];
    }));
  } finally {
    channel.close();
  }
}

/** Every bare LF (one not after a CR) made CRLF. */
function withCrlf(bytes: Uint8Array): Buffer {
  const source = Buffer.from(bytes);
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    if (source[i] === 0x0a && (i === 0 || source[i - 1] !== 0x0d)) {
      parts.push(source.subarray(start, i), Buffer.from('\r\n'));
      start = i + 1;
    }
  }
  parts.push(source.subarray(start));
  return Buffer.concat(parts);
}

type ServedForm =
  /** Exactly the loaded file. */
  | 'identical'
  /** The file with every bare LF made CRLF. */
  | 'crlf'
  /** The file (CRLF'd) plus a CRLF the server added because the file did not end in one. */
  | 'crlf+final-crlf'
  /** Every LF made CRLF, even one after a CR: a CRLF file is served with CR CR LF. */
  | 'cr-crlf'
  /** As cr-crlf, plus a CRLF added because the file did not end in a line break. */
  | 'cr-crlf+final-crlf'
  /**
   * The header block changed (Cyrus: Return-Path replaced; Received, X-Cyrus-Session-Id,
   * X-Sieve added; 8-bit bytes in headers replaced), the body is the file's, CRLF'd.
   */
  | 'headers-changed'
  /** Anything else: a rewrite by the server. */
  | 'rewritten';

function servedForm(loaded: Uint8Array, served: Uint8Array): ServedForm {
  const got = Buffer.from(served);
  if (got.equals(Buffer.from(loaded))) return 'identical';
  const crlf = withCrlf(loaded);
  if (got.equals(crlf)) return 'crlf';
  if (got.equals(Buffer.concat([crlf, Buffer.from('\r\n')]))) return 'crlf+final-crlf';
  const blind = Buffer.from(Buffer.from(loaded).toString('latin1').replaceAll('\n', '\r\n'), 'latin1');
  if (got.equals(blind)) return 'cr-crlf';
  if (got.equals(Buffer.concat([blind, Buffer.from('\r\n')]))) return 'cr-crlf+final-crlf';
  const body = (bytes: Buffer) => {
    const blank = bytes.indexOf('\r\n\r\n');
    return blank < 0 ? null : bytes.subarray(blank + 4);
  };
  const servedBody = body(got);
  const loadedBody = body(crlf);
  if (servedBody && loadedBody && (servedBody.equals(loadedBody) || servedBody.equals(Buffer.concat([loadedBody, Buffer.from('\r\n')])))) {
    return 'headers-changed';
  }
  return 'rewritten';
}

export interface ServerFigures {
  loaded: number;
  listed: number;
  served: number;
  /** How RETR relates to the file loaded for that message number. */
  forms: Record<ServedForm, number>;
  /** Names of the rewritten messages (first 20). */
  rewritten: string[];
  /** RETR length vs LIST size. */
  listVsRetr: { equal: number; retrPlus2: number; other: number; otherDeltas: number[]; otherExamples: string[] };
  /** Bare LFs in served messages (RFC 1939 §3 asks for CRLF); messages holding any. */
  servedWithBareLf: number;
  uidl: { distinct: number; duplicates: number; refusedBySharedPop3: string | null };
  capabilities: string[] | null;
}

function hasBareLf(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a && (i === 0 || bytes[i - 1] !== 0x0d)) return true;
  return false;
}

/**
 * Compares what the server served (RETR, LIST, UIDL) with what was loaded, message number
 * n being loaded[n - 1]. `uids` overrides the UIDL seen by shared/pop3 (for rawUidl).
 */
export function measureServer(
  loaded: Array<{ name: string; bytes: Uint8Array }>,
  download: MailboxDownload,
  uids?: Map<number, string>,
): ServerFigures {
  const forms: Record<ServedForm, number> = {
    identical: 0,
    crlf: 0,
    'crlf+final-crlf': 0,
    'cr-crlf': 0,
    'cr-crlf+final-crlf': 0,
    'headers-changed': 0,
    rewritten: 0,
  };
  const rewritten: string[] = [];
  const listVsRetr = { equal: 0, retrPlus2: 0, other: 0, otherDeltas: [] as number[], otherExamples: [] as string[] };
  let servedWithBareLf = 0;
  for (const [msg, served] of download.messages) {
    const source = loaded[msg - 1];
    if (source) {
      const form = servedForm(source.bytes, served);
      forms[form]++;
      if (form === 'rewritten' && rewritten.length < 20) rewritten.push(`${msg} ${source.name}`);
    }
    const size = download.sizes.get(msg) ?? -1;
    if (served.byteLength === size) listVsRetr.equal++;
    else if (served.byteLength === size + 2) listVsRetr.retrPlus2++;
    else {
      listVsRetr.other++;
      listVsRetr.otherDeltas.push(served.byteLength - size);
      if (listVsRetr.otherExamples.length < 5) listVsRetr.otherExamples.push(`${msg} ${source?.name ?? ''} (${served.byteLength - size})`);
    }
    if (hasBareLf(served)) servedWithBareLf++;
  }
  const uidMap = uids ?? (download.uidl instanceof Map ? download.uidl : new Map<number, string>());
  const distinct = new Set(uidMap.values()).size;
  return {
    loaded: loaded.length,
    listed: download.sizes.size,
    served: download.messages.size,
    forms,
    rewritten,
    listVsRetr,
    servedWithBareLf,
    uidl: {
      distinct,
      duplicates: uidMap.size - distinct,
      refusedBySharedPop3: download.uidl instanceof Map ? null : download.uidl.refused,
    },
    capabilities: download.capabilities?.raw ?? null,
  };
}

/** Prints the figures as one block, for the test log and tests/support/README.md. */
export function printFigures(server: string, figures: ServerFigures, extra: Record<string, unknown> = {}): void {
  const deltas = figures.listVsRetr.otherDeltas;
  const summary = {
    ...figures,
    listVsRetr: {
      ...figures.listVsRetr,
      otherDeltas: deltas.length === 0 ? [] : [Math.min(...deltas), Math.max(...deltas)],
    },
    ...extra,
  };
  console.log(`[${server}] what the server does with the corpus:\n${JSON.stringify(summary, null, 2)}`);
}
