/**
 * RFC 1939 §7: a server that supports APOP puts a timestamp in its greeting, in the syntax
 * of an RFC 822 msg-id: "<" local "@" domain ">". The angle brackets are part of it.
 *
 * Two steps, not one `<[…]+@[…]+>` pattern: that one tried every "@" of a bracket with no
 * ">" as the split point and rescanned the rest each time, the square of the greeting's
 * length (18 ms for an 8 KiB line of "a@"). Here each bracket is read once.
 */
const BRACKETED = /<[\x21-\x3b\x3d\x3f-\x7e]+>/g;

export function extractApopTimestamp(greetingText: string): string | null {
  for (const [candidate] of greetingText.matchAll(BRACKETED)) {
    // local "@" domain, neither empty: an "@" with a character of the bracket on each side.
    if (candidate.slice(2, -2).includes('@')) return candidate;
  }
  return null;
}
