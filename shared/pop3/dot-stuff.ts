const LF = 0x0a;
const DOT = 0x2e;
const TERMINATOR_AFTER_CRLF = new Uint8Array([0x2e, 0x0d, 0x0a]);
const CRLF_TERMINATOR = new Uint8Array([0x0d, 0x0a, 0x2e, 0x0d, 0x0a]);

/**
 * What a server sends for a multi-line body (RFC 1939 §3): a dot added before every line that
 * starts with one, then the ".CRLF" terminator (after a CRLF if the body does not end with a
 * line break). Lines start after any LF, matching MultilineBodyDecoder. Used by fake servers
 * in tests and by anything that needs to replay a body onto the wire.
 */
export function dotStuff(body: Uint8Array): Uint8Array {
  let dots = body.length > 0 && body[0] === DOT ? 1 : 0;
  for (let i = body.indexOf(LF); i >= 0; i = body.indexOf(LF, i + 1)) {
    if (body[i + 1] === DOT) dots++;
  }
  const endsWithLf = body.length === 0 || body[body.length - 1] === LF;
  const tail = endsWithLf ? TERMINATOR_AFTER_CRLF : CRLF_TERMINATOR;
  const out = new Uint8Array(body.length + dots + tail.length);
  let at = 0;
  let from = 0;
  const stuffAt = (index: number): void => {
    out.set(body.subarray(from, index), at);
    at += index - from;
    out[at++] = DOT;
    from = index;
  };
  if (body[0] === DOT) stuffAt(0);
  for (let i = body.indexOf(LF); i >= 0; i = body.indexOf(LF, i + 1)) {
    if (body[i + 1] === DOT) stuffAt(i + 1);
  }
  out.set(body.subarray(from), at);
  at += body.length - from;
  out.set(tail, at);
  return out;
}
