// Sorting the URLs found in message HTML into what the reader may load. Message HTML is
// hostile input (DESIGN.md invariant 7), so anything not recognised is treated as unusable.

export type ResourceKind = 'remote' | 'cid' | 'data-image' | 'other';

/**
 * Browsers drop ASCII whitespace and control characters inside and around URLs, and read `\`
 * as `/` in special schemes, so `ht\ttps:\\evil` must be judged the way it will be fetched.
 */
function normalizeUrl(raw: string): string {
  return raw.replace(/[\u0000-\u0020\u007f]/g, '').replace(/\\/g, '/');
}

export function classifyResourceUrl(raw: string): ResourceKind {
  const url = normalizeUrl(raw).toLowerCase();
  // `https:host/x` without slashes still fetches https://host/x (WHATWG URL, special schemes),
  // and `//host/x` is scheme-relative; both reach the network.
  if (/^(?:https?:|\/\/)/.test(url)) return 'remote';
  if (url.startsWith('cid:')) return 'cid';
  if (/^data:image\/[a-z0-9.+-]+[;,]/.test(url)) return 'data-image';
  return 'other';
}

/** The key a `cid:` URL refers to, matching `cidKey` of a Content-ID (RFC 2392). */
export function cidKeyFromUrl(raw: string): string {
  const value = normalizeUrl(raw).slice('cid:'.length);
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // RFC 2392 says %-encode, but plenty of senders do not; a bare % is taken literally.
  }
  return decoded.toLowerCase();
}

/** The key of a Content-ID header value such as `<logo@example.org>`. */
export function cidKeyFromContentId(contentId: string): string {
  return contentId.trim().replace(/^<|>$/g, '').toLowerCase();
}

/** Links the reader keeps clickable: they open outside the app, in a new browsing context. */
export function isSafeLinkUrl(raw: string): boolean {
  return /^(?:https?:\/\/|mailto:|tel:)/.test(normalizeUrl(raw).toLowerCase());
}
