import { indexOfByte } from '../bytes/index.ts';
import { Pop3RemoteProtocolError } from './errors.ts';

const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;
const CR_BYTES = new Uint8Array([CR]);

// Where the decoder is relative to the line being read. Named constants, like ws's receiver,
// so that the terminator and dot-stuffing are recognised however the bytes are split.
const LINE_START = 0; // just after LF (or at the start of the body)
const AFTER_DOT = 1; //  a "." at line start was read and dropped
const AFTER_DOT_CR = 2; // ".\r" at line start; the CR is held back until we know it is not the terminator
const IN_LINE = 3;

/**
 * Reads one multi-line response body (RFC 1939 §3): undoes dot-stuffing and stops at the
 * terminating ".CRLF" line (or ".LF", from servers that end lines with bare LF). Works on bytes, so bare LF and 8-bit bytes come through exact.
 *
 * A line starts after any LF, bare or not, as most clients do: a body with bare LFs is not
 * valid RFC 5322, and servers that pass it through stuff dots after each LF.
 *
 * Output pieces are views into the input chunks; `finish()` copies them once into one array.
 */
export class MultilineBodyDecoder {
  readonly #maxSize: number;
  #pieces: Uint8Array[] = [];
  #size = 0;
  #state = LINE_START;
  #done = false;

  constructor(maxSize: number) {
    this.#maxSize = maxSize;
  }

  get done(): boolean {
    return this.#done;
  }

  /** Reads from `chunk`; returns how many bytes were consumed (fewer than all once done). */
  feed(chunk: Uint8Array): number {
    const length = chunk.length;
    let segmentStart = 0;
    let i = 0;
    while (i < length) {
      switch (this.#state) {
        case IN_LINE: {
          // Only a dot just after an LF matters, so look for dots rather than for every line
          // end: base64, most of a mailbox's bytes, has none. chunk[i] itself starts no line.
          let dot = indexOfByte(chunk, DOT, i + 1);
          while (dot >= 0 && chunk[dot - 1] !== LF) dot = indexOfByte(chunk, DOT, dot + 1);
          if (dot < 0) {
            if (chunk[length - 1] === LF) this.#state = LINE_START; // the next chunk starts a line
            i = length;
          } else {
            i = dot;
            this.#state = LINE_START;
          }
          break;
        }
        case LINE_START:
          if (chunk[i] === DOT) {
            this.#emit(chunk, segmentStart, i);
            i++;
            segmentStart = i;
            this.#state = AFTER_DOT;
          } else {
            this.#state = IN_LINE;
          }
          break;
        case AFTER_DOT:
          // Be liberal: ".\n" ends a body too. Servers that store mail with bare LF send it so,
          // and a compliant one stuffs a body line "." as "..", so this is never mail.
          if (chunk[i] === LF) {
            this.#done = true;
            return i + 1;
          }
          if (chunk[i] === CR) {
            this.#emit(chunk, segmentStart, i);
            i++;
            segmentStart = i;
            this.#state = AFTER_DOT_CR;
          } else {
            this.#state = IN_LINE; // RFC 1939 §3: a stuffed line; its first dot is dropped
          }
          break;
        case AFTER_DOT_CR:
          if (chunk[i] === LF) {
            this.#done = true;
            return i + 1;
          }
          this.#emitPiece(CR_BYTES); // ".\r" followed by anything else: keep the CR
          this.#state = IN_LINE;
          break;
      }
    }
    this.#emit(chunk, segmentStart, length);
    return length;
  }

  /** The body, copied once into a single array. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.#size);
    let at = 0;
    for (const piece of this.#pieces) {
      out.set(piece, at);
      at += piece.length;
    }
    this.#pieces = [];
    return out;
  }

  #emit(chunk: Uint8Array, start: number, end: number): void {
    if (end > start) this.#emitPiece(chunk.subarray(start, end));
  }

  #emitPiece(piece: Uint8Array): void {
    this.#size += piece.length;
    if (this.#size > this.#maxSize) {
      throw new Pop3RemoteProtocolError('POP3_ERR_MESSAGE_TOO_LARGE', `message larger than ${this.#maxSize} bytes`);
    }
    this.#pieces.push(piece);
  }
}
