/**
 * RFC 1939 §7: a server that supports APOP puts a timestamp in its greeting, in the syntax
 * of an RFC 822 msg-id: "<" local "@" domain ">". The angle brackets are part of it.
 */
const TIMESTAMP = /<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>/;

export function extractApopTimestamp(greetingText: string): string | null {
  return TIMESTAMP.exec(greetingText)?.[0] ?? null;
}
