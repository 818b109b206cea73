// RFC 1939 answers carry no message number: a server that answers pipelined RETRs out of
// order, or one of them twice, hands the client another message's bytes under this one's
// number, and a client that trusts the order stores it under the wrong UIDL. Headers-first
// already read each message's header block with TOP, so before a RETR answer is committed
// it is checked against that.
//
// What is compared, and why: the header block byte for byte when it is the same (Dovecot,
// Cyrus, popa3d and honest Courier serve TOP and RETR the same headers); else the fields that
// name a message, Message-ID, Date, From and Subject, unfolded. Courier's substitute for a
// message it cannot show without UTF8 carries a MIME boundary that is new on every answer,
// in its Content-Type header, so whole-block equality alone would refuse an honest answer.
// A field that only one side has is not held against it (a server's substitute may lack
// one), so two answers differ only when a field both have differs: the check is there to
// catch a shifted answer, which carries another message's identity, not to judge content.

const LF = 0x0a;
const CR = 0x0d;
const IDENTITY_FIELDS = ['message-id', 'date', 'from', 'subject'] as const;
/**
 * Octets of a header block read at most: a message with no empty line is all header, and a
 * 64 MiB one must not cost seconds of the Worker. TOP and RETR are cut alike, so the same
 * message still compares equal.
 */
const HEADER_SCAN_MAX = 1024 * 1024;

/** What sameMessage compares: a hash of the header block and the identifying fields. */
export interface MessageFingerprint {
  readonly headerLength: number;
  /** FNV-1a over the header block: a fingerprint kept per message, not the block itself. */
  readonly headerHash: number;
  /** IDENTITY_FIELDS' first values, unfolded and with runs of white space made one space; null when absent. */
  readonly fields: readonly (string | null)[];
}

/** The fingerprint of a message's header block: of a TOP answer or a RETR answer alike. Linear in the header block. */
export function messageFingerprint(message: Uint8Array): MessageFingerprint {
  const end = headerBlockEnd(message);
  let hash = 0x811c9dc5;
  for (let i = 0; i < end; i++) hash = Math.imul(hash ^ message[i]!, 0x01000193) >>> 0;
  return { headerLength: end, headerHash: hash, fields: identityFields(message, end) };
}

/** Whether two answers' header blocks are the same message's (see the file comment). */
export function sameMessage(a: MessageFingerprint, b: MessageFingerprint): boolean {
  if (a.headerLength === b.headerLength && a.headerHash === b.headerHash) return true;
  return a.fields.every((value, i) => value === null || b.fields[i] === null || value === b.fields[i]);
}

/** Offset just past the header block: its lines up to an empty one (CR before LF tolerated, even several), or the whole message, at most HEADER_SCAN_MAX. */
function headerBlockEnd(message: Uint8Array): number {
  const limit = Math.min(message.length, HEADER_SCAN_MAX);
  let lineStart = 0;
  while (lineStart < limit) {
    const lf = message.indexOf(LF, lineStart);
    if (lf < 0 || lf >= limit) return limit;
    let i = lineStart;
    while (i < lf && message[i] === CR) i++;
    if (i === lf) return lf + 1;
    lineStart = lf + 1;
  }
  return limit;
}

function identityFields(message: Uint8Array, end: number): (string | null)[] {
  const found = new Map<string, string>();
  let name: string | null = null;
  let value = '';
  const close = (): void => {
    if (name !== null && !found.has(name)) found.set(name, value.replace(/[\t\r\n ]+/g, ' ').trim());
    name = null;
  };
  let lineStart = 0;
  while (lineStart < end) {
    const lf = message.indexOf(LF, lineStart);
    const lineEnd = lf < 0 || lf >= end ? end : lf;
    const first = message[lineStart];
    if (first === 0x20 || first === 0x09) {
      // RFC 5322 §2.2.3: a folded line continues the field above.
      if (name !== null) value += latin1(message, lineStart, lineEnd);
    } else {
      close();
      let colon = lineStart;
      while (colon < lineEnd && message[colon] !== 0x3a) colon++; // within the line: linear overall
      if (colon > lineStart && colon < lineEnd) {
        const field = latin1(message, lineStart, colon).trim().toLowerCase();
        if ((IDENTITY_FIELDS as readonly string[]).includes(field)) {
          name = field;
          value = latin1(message, colon + 1, lineEnd);
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  close();
  return IDENTITY_FIELDS.map((field) => found.get(field) ?? null);
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}
