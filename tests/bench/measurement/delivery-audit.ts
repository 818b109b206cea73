/**
 * Compares what a client delivered with what the server held, by hash. Clients rewrite
 * mail on delivery (mpop and fetchmail store LF line ends; fetchmail prepends Received:),
 * so both sides are normalised the same way before hashing:
 *   - CRLF → LF;
 *   - a Received field that names fetchmail is dropped wherever it is in the header
 *     (fetchmail puts its own before the message's first Received, not always at the top),
 *     and a message's own Received fields are kept;
 *   - then leading header fields that a delivering client adds are dropped (applied to the
 *     source too, so a source message that starts with one still matches);
 *   - trailing line breaks are trimmed (Dovecot may add a CRLF before the terminator).
 * A delivered message that matches no source message is counted as truncated (it is, in
 * every case seen: a partial message from a cut connection).
 */
import { createHash } from 'node:crypto';

const CLIENT_ADDED = /^(return-path|delivered-to|x-fetchmail-[a-z-]*|x-uidl|status|x-status):/i;

export function normaliseMessage(bytes: Uint8Array): string {
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').replace(/\r\n/g, '\n');
  // mbox-style "From " separator line, if a client wrote one.
  if (text.startsWith('From ')) text = text.slice(text.indexOf('\n') + 1);
  text = withoutFetchmailReceived(text);
  for (;;) {
    const match = /^([^\n]*)\n/.exec(text);
    if (!match || !CLIENT_ADDED.test(match[1]!)) break;
    // Drop the field and its folded continuation lines (RFC 5322 §2.2.3).
    let end = match[0].length;
    while (text[end] === ' ' || text[end] === '\t') end = text.indexOf('\n', end) + 1 || text.length;
    text = text.slice(end);
  }
  return text.replace(/\n+$/, '');
}

/** Drops every Received field (with its folded lines) that names fetchmail, from the header block only. */
function withoutFetchmailReceived(text: string): string {
  const headerEnd = text.indexOf('\n\n');
  const header = headerEnd < 0 ? text : text.slice(0, headerEnd + 1);
  const cleaned = header.replace(/^received:[^\n]*\n(?:[ \t][^\n]*\n)*/gim, (field) => (/\bfetchmail\b/i.test(field) ? '' : field));
  return headerEnd < 0 ? cleaned : cleaned + text.slice(headerEnd + 1);
}

function messageKey(bytes: Uint8Array): string {
  return createHash('sha256').update(normaliseMessage(bytes), 'latin1').digest('hex');
}

export interface DeliveryAudit {
  expected: number;
  delivered: number;
  /** Source messages never delivered. */
  lost: number;
  /** Extra copies of a source message beyond the first. */
  duplicated: number;
  /** Delivered messages that match no source message. */
  truncated: number;
}

export function auditDelivery(source: readonly Uint8Array[], delivered: readonly Uint8Array[]): DeliveryAudit {
  const wanted = new Map<string, number>();
  for (const message of source) {
    const key = messageKey(message);
    wanted.set(key, (wanted.get(key) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  let truncated = 0;
  for (const message of delivered) {
    const key = messageKey(message);
    if (!wanted.has(key)) truncated++;
    else seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  let lost = 0;
  let duplicated = 0;
  for (const [key, count] of wanted) {
    const got = seen.get(key) ?? 0;
    lost += Math.max(0, count - got);
    duplicated += Math.max(0, got - count);
  }
  return { expected: source.length, delivered: delivered.length, lost, duplicated, truncated };
}
