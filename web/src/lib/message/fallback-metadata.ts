// What we can read from a message postal-mime refused: the raw header block, unfolded,
// decoded as UTF-8 with replacement characters. Crude on purpose; the bytes are stored whole,
// so the reader can still show or export them. The subject's RFC 2047 words are decoded
// (postal-mime's decodeWords reads each once); addresses stay as written.
import { decodeWords } from 'postal-mime';
import type { MessageMetadata } from './message-metadata-shape.ts';
import { threadHeadersOf } from './thread-headers.ts';

const MAX_HEADER_BYTES = 64 * 1024;

export function fallbackMetadata(raw: Uint8Array, fallbackDate: number): MessageMetadata {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(raw.subarray(0, MAX_HEADER_BYTES));
  const end = head.search(/\r?\n\r?\n/);
  const block = (end < 0 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const fields = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  const date = Date.parse(fields.get('date') ?? '');
  const from = fields.get('from');
  return {
    from: from === undefined ? null : { name: '', address: from },
    to: [],
    cc: [],
    subject: decodeSubject(fields.get('subject')),
    date: Number.isFinite(date) ? date : fallbackDate,
    snippet: '',
    attachments: [],
    ...threadHeadersOf(fields.get('message-id'), fields.get('in-reply-to'), fields.get('references')),
  };
}

function decodeSubject(value: string | undefined): string {
  if (value === undefined) return '';
  try {
    return decodeWords(value);
  } catch {
    return value;
  }
}
