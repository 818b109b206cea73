/** What `TOP n lines` answers for a message: the header block, the blank line, and the first lines of the body. */
export function topAnswer(bytes: Uint8Array, lines: number): Uint8Array {
  const text = Buffer.from(bytes);
  let at = text.indexOf('\r\n\r\n');
  if (at < 0) return bytes;
  at += 4;
  for (let n = 0; n < lines && at < text.length; n++) {
    const next = text.indexOf('\n', at);
    at = next < 0 ? text.length : next + 1;
  }
  return bytes.subarray(0, at);
}
