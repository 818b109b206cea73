/**
 * One message whose names use U+202E (RIGHT-TO-LEFT OVERRIDE) to lie: an attachment stored
 * as `invoice<RLO>fdp.exe` reads "invoiceexe.pdf" when shown raw, and a From display name
 * ending in RLO turns the address after it around, so `<gro.knab@spoof.example>` reads
 * ">elpmaxe.foops@bank.org<". A link in the body does the same to the words after it.
 */

const RLO = '\u202e';
const BIDI_SENDER_NAME = `Your Bank${RLO}`;
export const BIDI_SENDER_ADDRESS = 'gro.knab@spoof.example';
export const BIDI_SUBJECT = `Your invoice ${RLO}fdp.exe`;
export const BIDI_ATTACHMENT_NAME = `invoice${RLO}fdp.exe`;
/** A link in the text body whose own text holds RLO. */
export const BIDI_LINK = `https://spoof.example/${RLO}fdp.exe`;
/** Harmless bytes: an executable's first two ("MZ") and no more. */
const BIDI_ATTACHMENT_BYTES = new TextEncoder().encode('MZ');

const base64 = (text: string | Uint8Array) => Buffer.from(text).toString('base64');
/** RFC 2047 §4.1: an encoded-word, so the header stays ASCII on the wire. */
const encodedWord = (text: string) => `=?utf-8?B?${base64(text)}?=`;
/** RFC 2231 §4: a parameter value in UTF-8, percent-encoded. */
const extendedValue = (text: string) => `utf-8''${encodeURIComponent(text)}`;

/** CRLF throughout, as on the wire. */
export function bidiMessage(): Uint8Array {
  const lines = [
    `From: ${encodedWord(BIDI_SENDER_NAME)} <${BIDI_SENDER_ADDRESS}>`,
    'To: Bidi Reader <bidi@satchel.test>',
    `Subject: ${encodedWord(BIDI_SUBJECT)}`,
    'Date: Sat, 05 Dec 2026 09:00:00 +0000',
    'Message-ID: <bidi-1@spoof.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="bidi-boundary"',
    '',
    '--bidi-boundary',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `Please find your invoice attached, or at ${BIDI_LINK} today.`,
    '--bidi-boundary',
    `Content-Type: application/octet-stream; name*=${extendedValue(BIDI_ATTACHMENT_NAME)}`,
    `Content-Disposition: attachment; filename*=${extendedValue(BIDI_ATTACHMENT_NAME)}`,
    'Content-Transfer-Encoding: base64',
    '',
    base64(BIDI_ATTACHMENT_BYTES),
    '--bidi-boundary--',
    '',
  ];
  return new TextEncoder().encode(lines.join('\r\n'));
}
