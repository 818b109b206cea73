/**
 * The path of a request-target, or null when it has none we serve. Origin-form ("/a/b?q",
 * RFC 9112 §3.2.1) is read as a path even when it starts with "//", which WHATWG URL parsing
 * against a base would take for a host; absolute-form (§3.2.2) is accepted as servers must.
 * Never throws: a target that no URL parser accepts is the client's error, not the bridge's.
 */
export function requestPath(target: string | undefined): string | null {
  if (target === undefined || target === '') return null;
  try {
    if (target.startsWith('/')) return new URL(`http://x${target}`).pathname;
    if (/^https?:\/\//i.test(target)) return new URL(target).pathname;
  } catch {
    return null;
  }
  return null;
}
