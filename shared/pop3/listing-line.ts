import { Pop3RemoteProtocolError } from './pop3-remote-protocol-error.ts';

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

/** RFC 1939 §7 UIDL: "msg unique-id", the id being 1-70 characters in 0x21-0x7E. */
export function parseUidLine(line: string): { msg: number; uid: string } {
  const space = line.indexOf(' ');
  const msg = parseMessageNumber(space < 0 ? line : line.slice(0, space), line);
  const uid = space < 0 ? '' : line.slice(space + 1);
  if (!isValidUid(uid)) {
    throw new Pop3RemoteProtocolError('POP3_ERR_BAD_UIDL', `bad unique-id for message ${msg}`);
  }
  return { msg, uid };
}

export function isValidUid(uid: string): boolean {
  if (uid.length < 1 || uid.length > 70) return false;
  for (let i = 0; i < uid.length; i++) {
    const c = uid.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/**
 * Checks a whole listing as it grows: message numbers strictly increasing (RFC 1939 lists
 * messages in order; a repeat or a step back means we cannot trust the pairing), and for UIDL
 * no unique-id twice, since the sync keys messages by it.
 */
export class ListingChecker {
  #last = 0;
  #uids: Set<string> | null;

  constructor(options: { uids: boolean }) {
    this.#uids = options.uids ? new Set() : null;
  }

  check(msg: number, uid?: string): void {
    if (msg <= this.#last) {
      throw new Pop3RemoteProtocolError('POP3_ERR_BAD_LISTING', `message ${msg} listed after ${this.#last}`);
    }
    this.#last = msg;
    if (this.#uids !== null && uid !== undefined) {
      if (this.#uids.has(uid)) {
        throw new Pop3RemoteProtocolError('POP3_ERR_DUPLICATE_UIDL', `unique-id listed twice (message ${msg})`);
      }
      this.#uids.add(uid);
    }
  }
}
