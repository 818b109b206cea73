// A mailto: link for an address from a message header (RFC 6068). The address is the
// message's, so only a plain addr-spec gets a link: no spaces, no controls, one "@" with text
// either side; everything but "@" that is not unreserved is percent-encoded, so an address
// cannot add "?subject=" or "&body=" fields of its own.
const ADDR_SPEC = /^[^\s@\u0000-\u001f\u007f]+@[^\s@\u0000-\u001f\u007f]+$/u;

export function mailtoHref(address: string): string | null {
  if (!ADDR_SPEC.test(address)) return null;
  return `mailto:${encodeURIComponent(address).replace(/%40/g, '@')}`;
}
