/**
 * Spec 19's (and spec 22's) mailbox: five small messages in a known order (newest first in
 * the list: "Five" … "One"), of which "Three" is a long multipart/alternative letter whose
 * plain text can be chosen, and "Two" carries a PNG attachment to preview.
 */

export interface ReadingMessage {
  subject: string;
  bytes: Uint8Array;
}

/** A 2×2 red PNG. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==';
export const READING_SENDER = 'ada@reading.example';
export const LONG_LETTER = 'Three: a long letter';
export const PHOTO_MESSAGE = 'Two: the photo';
export const PHOTO_NAME = 'red-square.png';

function message(day: number, subject: string, contentLines: string[]): ReadingMessage {
  const lines = [
    `From: Ada Reader <${READING_SENDER}>`,
    'To: Reading Tester <reading@satchel.test>',
    `Subject: ${subject}`,
    `Date: Tue, ${String(day).padStart(2, '0')} Dec 2026 09:00:00 +0000`,
    `Message-ID: <reading-${day}@reading.example>`,
    'MIME-Version: 1.0',
    ...contentLines,
  ];
  return { subject, bytes: new TextEncoder().encode(`${lines.join('\r\n')}\r\n`) };
}

const plain = (text: string) => ['Content-Type: text/plain; charset=utf-8', '', text];

export function readingMail(): ReadingMessage[] {
  const paragraphs = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of the long letter.`);
  return [
    message(1, 'One: the first', plain('The first message.')),
    message(2, PHOTO_MESSAGE, [
      'Content-Type: multipart/mixed; boundary="photo"',
      '',
      '--photo',
      ...plain('A photo is attached.'),
      '--photo',
      `Content-Type: image/png; name="${PHOTO_NAME}"`,
      `Content-Disposition: attachment; filename="${PHOTO_NAME}"`,
      'Content-Transfer-Encoding: base64',
      '',
      PNG_BASE64,
      '--photo--',
    ]),
    message(3, LONG_LETTER, [
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      ...plain(paragraphs.join('\r\n\r\n')),
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<html><body>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html>`,
      '--alt--',
    ]),
    message(4, 'Four: the fourth', plain('The fourth message.')),
    message(5, 'Five: the newest', plain('The newest message.')),
  ];
}
