/**
 * The MIME encoders the mailbox generator needs, written out so the samples are made offline
 * and byte-for-byte reproducible: charsets (via TextDecoder reverse tables), quoted-printable
 * (RFC 2045 §6.7), base64 (RFC 2045 §6.8) and encoded-words (RFC 2047).
 */

export type Charset = 'us-ascii' | 'utf-8' | 'iso-8859-1' | 'iso-8859-2' | 'iso-8859-7' | 'koi8-r' | 'windows-1256' | 'iso-2022-jp';

const singleByteTables = new Map<string, Map<string, number>>();

/** Maps each character of a single-byte charset back to its octet by decoding 0x80–0xFF once. */
function singleByteTable(charset: string): Map<string, number> {
  let table = singleByteTables.get(charset);
  if (table === undefined) {
    table = new Map();
    const decoder = new TextDecoder(charset);
    for (let byte = 0x80; byte <= 0xff; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
    singleByteTables.set(charset, table);
  }
  return table;
}

let jisTable: Map<string, [number, number]> | null = null;

/** JIS X 0208 by decoding every two-byte code once through TextDecoder('iso-2022-jp'). */
function jisX0208(): Map<string, [number, number]> {
  if (jisTable === null) {
    jisTable = new Map();
    const decoder = new TextDecoder('iso-2022-jp');
    for (let hi = 0x21; hi <= 0x7e; hi++) {
      for (let lo = 0x21; lo <= 0x7e; lo++) {
        const char = decoder.decode(Uint8Array.of(0x1b, 0x24, 0x42, hi, lo, 0x1b, 0x28, 0x42));
        if (char.length === 1 && char !== '\ufffd' && !jisTable.has(char)) jisTable.set(char, [hi, lo]);
      }
    }
  }
  return jisTable;
}

/** RFC 1468: ASCII runs as is, JIS X 0208 runs between ESC $ B and ESC ( B; always ends in ASCII. */
function encodeIso2022Jp(text: string): Buffer {
  const out: number[] = [];
  let inJis = false;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) {
      if (inJis) out.push(0x1b, 0x28, 0x42);
      inJis = false;
      out.push(code);
      continue;
    }
    const pair = jisX0208().get(char);
    if (pair === undefined) throw new Error(`${JSON.stringify(char)} has no ISO-2022-JP encoding`);
    if (!inJis) out.push(0x1b, 0x24, 0x42);
    inJis = true;
    out.push(...pair);
  }
  if (inJis) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

export function encodeCharset(text: string, charset: Charset): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  if (charset === 'iso-2022-jp') return encodeIso2022Jp(text);
  const out: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const byte = charset === 'us-ascii' ? undefined : singleByteTable(charset).get(char);
    if (byte === undefined) throw new Error(`${JSON.stringify(char)} has no ${charset} encoding`);
    out.push(byte);
  }
  return Buffer.from(out);
}

/** RFC 2045 §6.7: lines of at most 76 characters, soft breaks as "=", hard breaks kept. */
export function quotedPrintable(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  return text
    .split(/\r?\n/)
    .map((line) => {
      let encoded = '';
      for (let i = 0; i < line.length; i++) {
        const code = line.charCodeAt(i);
        const trailingSpace = (code === 0x20 || code === 0x09) && i === line.length - 1;
        const literal = (code >= 0x21 && code <= 0x7e && code !== 0x3d) || ((code === 0x20 || code === 0x09) && !trailingSpace);
        encoded += literal ? line[i] : `=${code.toString(16).toUpperCase().padStart(2, '0')}`;
      }
      const wrapped: string[] = [];
      while (encoded.length > 76) {
        let cut = 75;
        // Never split an "=XX" escape across the soft break.
        if (encoded[cut - 1] === '=') cut -= 1;
        else if (encoded[cut - 2] === '=') cut -= 2;
        wrapped.push(`${encoded.slice(0, cut)}=`);
        encoded = encoded.slice(cut);
      }
      wrapped.push(encoded);
      return wrapped.join('\n');
    })
    .join('\n');
}

/** RFC 2045 §6.8: base64 in lines of 76 characters. */
export function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\n');
}

/**
 * RFC 2047 §2 and §5: one or more B-encoded words, each at most 75 characters and each
 * decodable on its own (whole characters only; ISO-2022-JP words end back in ASCII),
 * folded onto continuation lines.
 */
export function encodedWords(text: string, charset: Exclude<Charset, 'us-ascii'>): string {
  const prefix = `=?${charset.toUpperCase()}?B?`;
  const words: string[] = [];
  let current = '';
  const render = (chunk: string): string => `${prefix}${encodeCharset(chunk, charset).toString('base64')}?=`;
  for (const char of text) {
    if (current !== '' && render(current + char).length > 75) {
      words.push(render(current));
      current = '';
    }
    current += char;
  }
  if (current !== '') words.push(render(current));
  return words.join('\n ');
}
