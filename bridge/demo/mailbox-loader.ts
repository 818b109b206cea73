import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** One message of the demo mailbox, exactly as the server sends it (before dot-stuffing). */
export interface DemoMessage {
  /** RFC 1939 §7: 1–70 characters in 0x21–0x7E, stable across sessions. Taken from the file name. */
  readonly uidl: string;
  /** The message's octets with CRLF line endings; LIST and STAT count exactly these. */
  readonly octets: Buffer;
}

/** The folder of sample messages shipped with Satchel. */
export const DEFAULT_MAILBOX_DIR = fileURLToPath(new URL('./mailbox/', import.meta.url));

const UIDL_CHARS = /^[\x21-\x7e]{1,70}$/;

/**
 * Loads every `*.eml` file in `dir`, in file-name order, as the demo mailbox.
 * The UIDL is the file name without `.eml`, so it is stable across restarts and sessions.
 */
export async function loadDemoMailbox(dir: string = DEFAULT_MAILBOX_DIR): Promise<readonly DemoMessage[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.eml')).sort();
  const messages: DemoMessage[] = [];
  for (const name of names) {
    const uidl = name.slice(0, -'.eml'.length);
    if (!UIDL_CHARS.test(uidl)) {
      throw new Error(`demo mailbox: file name ${JSON.stringify(name)} does not make a valid UIDL (RFC 1939 §7)`);
    }
    messages.push({ uidl, octets: normaliseLineEndings(await readFile(path.join(dir, name))) });
  }
  return messages;
}

/**
 * RFC 1939 §3 and RFC 5322 §2.1: lines end in CRLF on the wire. The .eml files may have been
 * saved with bare LF (or a stray CR), so every line ending becomes CRLF, and the message ends
 * with one, which the multi-line terminator needs anyway.
 */
export function normaliseLineEndings(raw: Uint8Array): Buffer {
  const text = Buffer.from(raw).toString('latin1'); // latin1 keeps every octet as one char
  let normalised = text.replace(/\r\n|\r|\n/g, '\r\n');
  if (!normalised.endsWith('\r\n')) normalised += '\r\n';
  return Buffer.from(normalised, 'latin1');
}
