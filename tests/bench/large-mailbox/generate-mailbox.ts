/**
 * A large mailbox for the benches, made deterministically from the shared corpus: message i
 * is corpus message i mod n with its Date, From, Subject and Message-ID replaced (everything
 * else, charsets, MIME structure, line endings, stays byte for byte the corpus's), spread over
 * two accounts, about a fifth unread, plus one generated 1 MB HTML message that is the newest.
 *
 * Pure and isomorphic (no Node, no DOM): the seeder runs it inside the page, so only the
 * corpus (a few MB) crosses to Chromium, not the generated mailbox (tens of MB).
 */
import { largeHtmlMessage, LARGE_HTML_UID } from './large-html-message.ts';
import { rfc5322Date } from './rfc5322-date.ts';

export interface CorpusInput {
  name: string;
  bytes: Uint8Array;
}

export interface MailboxOptions {
  /** Messages besides the large HTML one. */
  count: number;
  seed: number;
  /** Account ids; message i goes to accounts[i % 3 === 2 ? 1 : 0] when there are two (a 2:1 split). */
  accountIds: readonly string[];
  /** Epoch ms of the newest generated message; the others reach back three years. */
  newest: number;
}

export interface GeneratedMessage {
  accountId: string;
  uid: string;
  raw: Uint8Array;
  seen: boolean;
  /** The corpus file it was made from, or 'generated' for the large HTML message. */
  base: string;
}

export const DEFAULT_MAILBOX: MailboxOptions = {
  count: 10_000,
  seed: 18,
  accountIds: ['bench-main', 'bench-work'],
  newest: Date.UTC(2026, 10, 30, 12, 0, 0),
};

/** Corpus files above this are left out of the copies (a few are 1-2 MB; 10,000 copies of them would be GBs). */
const MAX_BASE_BYTES = 64 * 1024;
const UNREAD_FRACTION = 0.2;
const SPAN_MS = 3 * 365 * 86_400_000;
const REPLACED = new Set(['date', 'from', 'subject', 'message-id']);

const FIRST = ['Ada', 'Björn', 'Chiara', 'Dmitri', 'Élodie', 'Farah', 'Goran', 'Hana', 'Ilse', 'Jun', 'Kofi', 'Lucía', 'Mei', 'Nils', 'Oona', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tomás', '李', 'Yara', 'Zoë', 'Omar'];
const LAST = ['Adler', 'Berg', 'Conti', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Lund', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Rossi', 'Schmidt', '王', 'Yilmaz'];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'lists.example.edu', 'shop.example', 'news.example.co.uk'];
const TOPICS = ['Invoice', 'Meeting notes', 'Re: Quarterly report', 'Your order has shipped', 'Weekly digest', 'Fwd: Travel plans', 'Build failed', 'Re: Lunch on Thursday?', 'Password reset', 'Newsletter', 'Réunion du lundi', '会議の議事録', 'Re: Re: Draft contract', 'Photos from the weekend'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const encoder = new TextEncoder();

/** RFC 2047 B-encoding for a phrase that is not plain ASCII. */
function encodedWord(text: string): string {
  if ([...text].every((c) => c.charCodeAt(0) < 0x80)) return text;
  let binary = '';
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return `=?UTF-8?B?${btoa(binary)}?=`;
}

/** Where the header block ends (the index of its empty line's first byte) and the base's line ending. */
function headerEnd(raw: Uint8Array): { end: number; eol: string } {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 0x0a) continue;
    if (raw[i + 1] === 0x0a) return { end: i + 1, eol: raw[i - 1] === 0x0d ? '\r\n' : '\n' };
    if (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) return { end: i + 1, eol: '\r\n' };
  }
  return { end: raw.length, eol: '\n' };
}

/** The header block without the fields we replace (and their folded continuation lines). */
function keptHeaderBytes(raw: Uint8Array, end: number): Uint8Array[] {
  const kept: Uint8Array[] = [];
  let dropping = false;
  for (let start = 0; start < end; ) {
    let stop = raw.indexOf(0x0a, start);
    stop = stop < 0 || stop >= end ? end : stop + 1;
    const line = raw.subarray(start, stop);
    const folded = line[0] === 0x20 || line[0] === 0x09;
    if (!folded) {
      const colon = line.indexOf(0x3a);
      const name = colon > 0 ? String.fromCharCode(...line.subarray(0, colon)).trim().toLowerCase() : '';
      dropping = REPLACED.has(name);
    }
    if (!dropping) kept.push(line);
    start = stop;
  }
  return kept;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** The corpus files the copies are made from, in a stable order. */
export function usableBases(corpus: readonly CorpusInput[]): CorpusInput[] {
  return corpus.filter((m) => m.bytes.byteLength <= MAX_BASE_BYTES && headerEnd(m.bytes).end < m.bytes.byteLength).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Calls `each` for every message of the mailbox, in index order (the large HTML message last). */
export function generateMailbox(corpus: readonly CorpusInput[], options: MailboxOptions, each: (message: GeneratedMessage) => void): void {
  const bases = usableBases(corpus);
  if (bases.length === 0) throw new Error('no usable corpus message');
  const random = mulberry32(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (let i = 0; i < options.count; i++) {
    const base = bases[i % bases.length]!;
    const date = options.newest - 60_000 - Math.floor(random() * SPAN_MS);
    const first = pick(FIRST);
    const last = pick(LAST);
    const address = `${first}.${last}`.normalize('NFKD').replace(/[^A-Za-z.]/g, '').toLowerCase() || `sender${i % 97}`;
    const subject = random() < 0.3 ? null : `${pick(TOPICS)} ${(i * 7919) % 100_000}`;
    const { end, eol } = headerEnd(base.bytes);
    const fields = [
      `Date: ${rfc5322Date(date)}`,
      `From: ${encodedWord(`${first} ${last}`)} <${address}@${pick(DOMAINS)}>`,
      `Message-ID: <large-mailbox-${options.seed}-${i}@bench.example>`,
      ...(subject === null ? [] : [`Subject: ${encodedWord(subject)}`]),
    ];
    const kept = keptHeaderBytes(base.bytes, end);
    // About 30% keep the base's own Subject bytes (real charsets and encodings); a base without one keeps none.
    const keptSubject = subject === null ? subjectLines(base.bytes, end) : [];
    const raw = concat([encoder.encode(fields.map((f) => f + eol).join('')), ...kept, ...keptSubject, base.bytes.subarray(end)]);
    const accountId = options.accountIds.length > 1 && i % 3 === 2 ? options.accountIds[1]! : options.accountIds[0]!;
    each({ accountId, uid: `lm${options.seed}-${String(i).padStart(5, '0')}`, raw, seen: random() >= UNREAD_FRACTION, base: base.name });
  }
  each({ accountId: options.accountIds[0]!, uid: LARGE_HTML_UID, raw: largeHtmlMessage(options.newest), seen: false, base: 'generated' });
}

/** The base's own Subject field, folded lines included. */
function subjectLines(raw: Uint8Array, end: number): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let inSubject = false;
  for (let start = 0; start < end; ) {
    let stop = raw.indexOf(0x0a, start);
    stop = stop < 0 || stop >= end ? end : stop + 1;
    const line = raw.subarray(start, stop);
    const folded = line[0] === 0x20 || line[0] === 0x09;
    if (!folded) inSubject = /^subject\s*:/i.test(String.fromCharCode(...line.subarray(0, Math.min(line.length, 12))));
    if (inSubject) lines.push(line);
    start = stop;
  }
  return lines;
}
