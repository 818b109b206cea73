import { Pop3RemoteProtocolError } from './errors.ts';

// Up to 15 digits stays within Number.MAX_SAFE_INTEGER.
const NUMBER = /^[0-9]{1,15}$/;

function parseNumber(word: string | undefined, what: string, line: string): number {
  if (word === undefined || !NUMBER.test(word)) {
    throw new Pop3RemoteProtocolError('POP3_ERR_BAD_LISTING', `bad ${what} in ${JSON.stringify(line.slice(0, 80))}`);
  }
  return Number(word);
}

function parseMessageNumber(word: string | undefined, line: string): number {
  const msg = parseNumber(word, 'message number', line);
  if (msg < 1) throw new Pop3RemoteProtocolError('POP3_ERR_BAD_LISTING', 'message number 0');
  return msg;
}

/** RFC 1939 §5 STAT: "+OK nn mm", possibly followed by more text we ignore. */
export function parseStat(text: string): { count: number; size: number } {
  const words = text.split(' ');
  return { count: parseNumber(words[0], 'message count', text), size: parseNumber(words[1], 'maildrop size', text) };
}

/** RFC 1939 §5 LIST: "msg size"; anything after a further space is ignored. */
export function parseScanLine(line: string): { msg: number; size: number } {
  const words = line.split(' ');
  return { msg: parseMessageNumber(words[0], line), size: parseNumber(words[1], 'size', line) };
}

/**
 * RFC 1939 §7 UIDL: "msg unique-id". The 1-70 characters in 0x21-0x7E are the server's
 * obligation, not ours to enforce: real servers send longer ids, ids with spaces and 8-bit
 * bytes, and Satchel only keys messages by them and never sends them back. Anything after
 * the first run of spaces, up to the line's end less trailing white space, is the id; only
 * an empty id, or one holding control characters that no key should carry, is refused.
 */
export function parseUidLine(line: string): { msg: number; uid: string } {
  const space = line.indexOf(' ');
  const msg = parseMessageNumber(space < 0 ? line : line.slice(0, space), line);
  const uid = space < 0 ? '' : line.slice(space + 1).replace(/^ +/, '').trimEnd();
  if (!isUsableUid(uid)) {
    throw new Pop3RemoteProtocolError('POP3_ERR_BAD_UIDL', `unusable unique-id for message ${msg}`);
  }
  return { msg, uid };
}

/**
 * A UIDL listing line, for the whole-mailbox listing: a message whose id cannot key it (empty,
 * control characters) gets uid null instead of failing the listing. It is that message's
 * problem alone (DESIGN.md invariant 9): left out of the unique-ids, it is keyed another way by
 * the sync. The message number must still parse, or no pairing can be trusted.
 */
export function parseUidListingLine(line: string): { msg: number; uid: string | null } {
  try {
    return parseUidLine(line);
  } catch (error) {
    if (!(error instanceof Pop3RemoteProtocolError) || error.code !== 'POP3_ERR_BAD_UIDL') throw error;
    const space = line.indexOf(' ');
    return { msg: parseMessageNumber(space < 0 ? line : line.slice(0, space), line), uid: null };
  }
}

function isUsableUid(uid: string): boolean {
  if (uid.length < 1) return false;
  for (let i = 0; i < uid.length; i++) {
    const c = uid.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

/**
 * Checks a whole listing as it grows: message numbers strictly increasing (RFC 1939 lists
 * messages in order; a repeat or a step back means we cannot trust the pairing). A unique-id
 * listed twice is not refused here: it belongs to those messages alone, and the sync planner
 * sets them apart (Plan.duplicates) while every other message syncs.
 */
export class ListingChecker {
  #last = 0;

  check(msg: number): void {
    if (msg <= this.#last) {
      throw new Pop3RemoteProtocolError('POP3_ERR_BAD_LISTING', `message ${msg} listed after ${this.#last}`);
    }
    this.#last = msg;
  }
}
