// What an end-to-end tunnel lets the browser send upward (DESIGN.md invariant 4: upstream is
// always TLS). The bridge holds no keys there, so it cannot check the sync Worker's TLS, but
// it can check that the bytes have TLS's shape: records whose 5-byte headers name a TLS
// content type and version and a length TLS allows. For STLS, only the lines the Worker sends
// before its handshake (CAPA, STLS, and QUIT to give up) may come first. A client that sends
// anything else, a USER or PASS in clear above all, is refused before the byte leaves.

/** RFC 8446 §5.1: change_cipher_spec, alert, handshake, application_data. */
const CONTENT_TYPES = new Set([20, 21, 22, 23]);
/** RFC 8446 §5.2: a record's ciphertext is at most 2^14 + 256 octets. */
const MAX_RECORD_BYTES = 2 ** 14 + 256;
/** RFC 1939 §3 and RFC 2449: a command line is at most 255 octets with its CRLF. */
const MAX_LINE_BYTES = 255;
const LINES_BEFORE_TLS = new Set(['CAPA', 'STLS', 'QUIT']);
const HEADER_BYTES = 5;

export class EndToEndGate {
  /** 'line': a POP3 command before STLS; 'header': a record header; 'body': inside a record. */
  #state: 'line' | 'header' | 'body';
  #line: number[] = [];
  #header = new Uint8Array(HEADER_BYTES);
  #headerFilled = 0;
  #bodyLeft = 0;

  constructor(tls: 'implicit' | 'starttls') {
    this.#state = tls === 'starttls' ? 'line' : 'header';
  }

  /** Null when every byte of `chunk` may go upward, else why not (the tunnel then ends). */
  check(chunk: Uint8Array): string | null {
    for (let i = 0; i < chunk.length; ) {
      if (this.#state === 'body') {
        const take = Math.min(this.#bodyLeft, chunk.length - i);
        this.#bodyLeft -= take;
        i += take;
        if (this.#bodyLeft === 0) this.#state = 'header';
        continue;
      }
      const byte = chunk[i++]!;
      const refused = this.#state === 'line' ? this.#lineByte(byte) : this.#headerByte(byte);
      if (refused !== null) return refused;
    }
    return null;
  }

  #lineByte(byte: number): string | null {
    this.#line.push(byte);
    if (this.#line.length > MAX_LINE_BYTES) return 'a command line before STLS over 255 octets';
    if (byte !== 0x0a) return null;
    const line = String.fromCharCode(...this.#line);
    this.#line = [];
    const command = /^([A-Za-z]{4})\r\n$/.exec(line)?.[1]?.toUpperCase();
    if (command === undefined || !LINES_BEFORE_TLS.has(command)) return 'a command other than CAPA, STLS or QUIT before STLS';
    if (command === 'STLS') this.#state = 'header';
    return null;
  }

  #headerByte(byte: number): string | null {
    this.#header[this.#headerFilled++] = byte;
    if (this.#headerFilled === 1 && !CONTENT_TYPES.has(byte)) return 'bytes that are not a TLS record';
    if (this.#headerFilled === 2 && byte !== 0x03) return 'a TLS record of an unknown version';
    if (this.#headerFilled < HEADER_BYTES) return null;
    this.#headerFilled = 0;
    const length = (this.#header[3]! << 8) | this.#header[4]!;
    if (length === 0 || length > MAX_RECORD_BYTES) return 'a TLS record of an impossible length';
    this.#bodyLeft = length;
    this.#state = 'body';
    return null;
  }
}
