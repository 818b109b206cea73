import { SyncPlanError } from './sync-plan-error.ts';

const CR = 0x0d;
const LF = 0x0a;

/**
 * Checks a downloaded message against the size LIST gave for it and returns the exact message
 * to store, or null so that a truncated or altered message is never stored (DESIGN.md invariant 1).
 *
 * RFC 1939 §3: a multi-line response ends with CRLF "." CRLF, so a server must end the last line
 * of a message that had no final line break with a CRLF of its own. That CRLF is not part of the
 * message, and LIST does not count it (Dovecot behaves so; the shared corpus has 20 such messages).
 * We drop it exactly when the download is two octets longer than LIST and ends with CRLF.
 */
export function exactMessage(bytes: Uint8Array, listedSize: number): Uint8Array | null {
  if (bytes.byteLength === listedSize) return bytes;
  const n = bytes.byteLength;
  if (n === listedSize + 2 && bytes[n - 2] === CR && bytes[n - 1] === LF) return bytes.subarray(0, listedSize);
  return null;
}

/**
 * The message to store from what RETR delivered, and whether LIST agreed with it. The
 * terminator, not LIST, ends a message (RFC 1939 §3): real servers count bare-LF files
 * before converting them, round sizes, or report a stored form that differs from what RETR
 * sends, so a disagreement is recorded, never a reason to refuse (DESIGN.md invariant 1). Only
 * the CRLF a server adds before the terminator to a message without a final line break is
 * dropped, where exactMessage drops it.
 */
export function messageAsServed(bytes: Uint8Array, listedSize: number): { bytes: Uint8Array; sizeAgrees: boolean } {
  const exact = exactMessage(bytes, listedSize);
  return exact === null ? { bytes, sizeAgrees: false } : { bytes: exact, sizeAgrees: true };
}

/** exactMessage, throwing SYNC_ERR_SIZE_MISMATCH where it gives null. */
export function completeMessage(bytes: Uint8Array, listedSize: number): Uint8Array {
  const exact = exactMessage(bytes, listedSize);
  if (exact === null) throw new SyncPlanError('SYNC_ERR_SIZE_MISMATCH', `downloaded ${bytes.byteLength} octets where LIST said ${listedSize}`);
  return exact;
}
