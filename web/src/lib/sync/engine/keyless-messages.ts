/**
 * Messages the sync cannot key by UIDL: the server has no UIDL (RFC 1939 §7 makes it
 * optional), gave two messages the same unique-id (popa3d hashes a few headers, and they
 * collide), or left a message out of its UIDL listing. They are keyed instead by a digest of
 * their header block and their size, taken from `TOP n 0`, so the next sync recognises them
 * without downloading them again. Messages whose header block and size are the same (the
 * shared corpus has test messages that differ only in their body) are keyed by a digest of
 * their whole content instead, which costs their RETR on every sync; so is every message of
 * a server without TOP. Messages whose whole content is the same are one message delivered
 * twice: the first is kept. Deletion policies never apply to keyless messages: a DELE must
 * know for certain which message a number is.
 */
import type { Pop3Session } from '../../../../../shared/pop3/index.ts';
import type { ServerMessage } from '../../../../../shared/sync/index.ts';

const CR = 0x0d;
const LF = 0x0a;
/** Keys made here start so, and no UIDL key can be mistaken for one: */
const DIGEST_KEY_PREFIX = 'digest:';

/** Listing entries (msg and LIST size) that have no usable unique-id. */
export function keylessMessages(list: ReadonlyArray<{ msg: number; size: number }>, uidl: ReadonlyArray<{ msg: number; uid: string }> | null, duplicates: readonly string[]): Array<{ msg: number; size: number }> {
  if (uidl === null) return [...list];
  const dup = new Set(duplicates);
  const keyed = new Set(uidl.filter((e) => !dup.has(e.uid)).map((e) => e.msg));
  return list.filter((e) => !keyed.has(e.msg));
}

/** The bytes up to and including the first empty line (CRLF CRLF, or bare LF LF), or all of them. */
export function headerBlock(bytes: Uint8Array): Uint8Array {
  for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) {
    const next = bytes[i + 1];
    if (next === LF) return bytes.subarray(0, i + 2);
    if (next === CR && bytes[i + 2] === LF) return bytes.subarray(0, i + 3);
  }
  return bytes;
}

export async function digestKey(bytes: Uint8Array, size: number, scope: 'headers' | 'whole' = 'headers'): Promise<string> {
  const part = scope === 'headers' ? headerBlock(bytes) : bytes;
  // A copy: digest() takes a BufferSource, and the part may be a view into a larger buffer.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', part.slice()));
  let hex = '';
  for (let i = 0; i < 16; i++) hex += digest[i]!.toString(16).padStart(2, '0');
  return `${DIGEST_KEY_PREFIX}${scope === 'whole' ? 'whole:' : ''}${hex}:${size}`;
}

/** Keys each keyless message (see the file comment): TOP n 0 where it can, RETR where it must. */
export async function keyKeylessMessages(session: Pop3Session, keyless: ReadonlyArray<{ msg: number; size: number }>, canTop: boolean): Promise<ServerMessage[]> {
  const sizes = new Map(keyless.map((e) => [e.msg, e.size]));
  const byHeaders = canTop ? await keyEach(session, keyless.map((e) => e.msg), 'TOP', sizes) : new Map<number, string>();
  const sharing = new Map<string, number>();
  for (const key of byHeaders.values()) sharing.set(key, (sharing.get(key) ?? 0) + 1);
  const wholeNeeded = keyless.map((e) => e.msg).filter((msg) => !canTop || sharing.get(byHeaders.get(msg) ?? '') !== 1);
  const byWhole = await keyEach(session, wholeNeeded, 'RETR', sizes);
  const keyed: ServerMessage[] = [];
  const seen = new Set<string>();
  for (const { msg, size } of keyless) {
    const uid = byWhole.get(msg) ?? byHeaders.get(msg);
    // A message that would not even give its headers stays unkeyed, and so unsynced, this time.
    if (uid === undefined || seen.has(uid)) continue;
    seen.add(uid);
    keyed.push({ msg, uid, size });
  }
  return keyed;
}

async function keyEach(session: Pop3Session, msgs: number[], command: 'TOP' | 'RETR', sizes: ReadonlyMap<number, number>): Promise<Map<number, string>> {
  const keys = new Map<number, string>();
  if (msgs.length === 0) return keys;
  await session.fetchMany(
    msgs.map((msg) => (command === 'TOP' ? { type: 'TOP' as const, msg, lines: 0 } : { type: 'RETR' as const, msg, size: sizes.get(msg)! })),
    async (request, bytes) => {
      keys.set(request.msg, await digestKey(bytes, sizes.get(request.msg)!, command === 'TOP' ? 'headers' : 'whole'));
    },
    { onNegative: () => undefined },
  );
  return keys;
}
