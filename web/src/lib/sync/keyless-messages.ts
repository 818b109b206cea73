/**
 * Messages the sync cannot key by UIDL: the server has no UIDL (RFC 1939 §7 makes it
 * optional), gave two messages the same unique-id (popa3d hashes a few headers, and they
 * collide), or left a message out of its UIDL listing. They are keyed instead by a digest of
 * their header block and their size, taken from `TOP n 0` (or from RETR on a server without
 * TOP), so the next sync recognises them without downloading them again. Two messages with
 * the same header block and the same size are taken for one (a message delivered twice);
 * the planner then sets that key apart as it does any duplicate. Deletion policies never
 * apply to them: a DELE needs to know for certain which message a number is.
 */
import type { Pop3Session } from '../../../../shared/pop3/index.ts';
import type { ServerMessage } from '../../../../shared/sync/index.ts';

const CR = 0x0d;
const LF = 0x0a;
/** Keys made here start so, and no UIDL key can be mistaken for one: */
export const DIGEST_KEY_PREFIX = 'digest:';

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

export async function digestKey(bytes: Uint8Array, size: number): Promise<string> {
  const header = headerBlock(bytes);
  // A copy: digest() takes a BufferSource, and the block may be a view into a larger buffer.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', header.slice()));
  let hex = '';
  for (let i = 0; i < 16; i++) hex += digest[i]!.toString(16).padStart(2, '0');
  return `${DIGEST_KEY_PREFIX}${hex}:${size}`;
}

/** Asks each keyless message's header block (TOP n 0, pipelined; RETR without TOP) and keys it. */
export async function keyKeylessMessages(session: Pop3Session, keyless: ReadonlyArray<{ msg: number; size: number }>, canTop: boolean): Promise<ServerMessage[]> {
  const keyed: ServerMessage[] = [];
  const sizes = new Map(keyless.map((e) => [e.msg, e.size]));
  await session.fetchMany(
    keyless.map(({ msg, size }) => (canTop ? { type: 'TOP' as const, msg, lines: 0 } : { type: 'RETR' as const, msg, size })),
    async (request, bytes) => {
      const size = sizes.get(request.msg)!;
      keyed.push({ msg: request.msg, uid: await digestKey(bytes, size), size });
    },
    // A message that will not even give its headers stays unkeyed, and so unsynced, this time.
    { onNegative: () => undefined },
  );
  return keyed;
}
