/**
 * Messages whose HTML is cheap to send and expensive to render (DESIGN.md invariant 10): each one, opened
 * naively, held the app's main thread for a second or more. Every body starts with a marker
 * sentence, so a spec can check that the text reached the reader whatever form it took.
 * HTML only, no text/plain alternative: the reader's fallback must then render the HTML as text.
 */

export interface HeavyMessage {
  /** Short, for the spec's test titles and figures. */
  name: string;
  subject: string;
  /** A sentence at the start of the body; the reader must show it. */
  marker: string;
  bytes: Uint8Array;
}

const PIXEL = 'data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';

const BODIES: Array<{ name: string; html: (marker: string) => string }> = [
  { name: '100,000 nested div', html: (marker) => `<p>${marker}</p>${'<div>'.repeat(100_000)}deep${'</div>'.repeat(100_000)}` },
  { name: '50,000 unclosed b', html: (marker) => `<p>${marker}</p>${'<b>bold '.repeat(50_000)}` },
  {
    name: '40,000 styled paragraphs with data: images',
    html: (marker) => `<p>${marker}</p>${Array.from({ length: 40_000 }, (_, i) => `<p style="color:#${(i % 4096).toString(16).padStart(3, '0')}">${i % 10 === 0 ? `<img src="${PIXEL}">` : ''}${i}</p>`).join('\n')}`,
  },
  { name: '5,000 nested tables', html: (marker) => `<p>${marker}</p>${'<table><tr><td>'.repeat(5_000)}cell${'</td></tr></table>'.repeat(5_000)}` },
  {
    name: 'a 10 MB HTML body',
    html: (marker) => `<p>${marker}</p>\n${Array.from({ length: 100_000 }, (_, i) => `<p>Paragraph ${i}: the quick brown fox jumps over the lazy dog, again and again and again.</p>`).join('\n')}`,
  },
];

/** Lines of at most 998 octets (RFC 5322 §2.1.1), split after a tag or between words. */
function wrapLines(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    let rest = line;
    while (rest.length > 900) {
      let cut = rest.lastIndexOf('>', 900);
      if (cut <= 0) cut = rest.lastIndexOf(' ', 900);
      if (cut <= 0) cut = 900;
      lines.push(rest.slice(0, cut + 1));
      rest = rest.slice(cut + 1);
    }
    lines.push(rest);
  }
  // A line that is a lone '.' would be dot-stuffed by Dovecot and unstuffed by the client;
  // none is produced here, but a leading dot is harmless either way.
  return lines.join('\r\n');
}

export function heavyMessages(): HeavyMessage[] {
  return BODIES.map(({ name, html }, index) => {
    const marker = `Heavy message ${index + 1} (${name}) starts with this sentence.`;
    const subject = `Heavy HTML ${index + 1}: ${name}`;
    const message = [
      'From: Heavy Sender <heavy@sender.example>',
      'To: Heavy Reader <heavy@satchel.test>',
      `Subject: ${subject}`,
      `Date: Sat, 05 Dec 2026 1${index}:00:00 +0000`,
      `Message-ID: <heavy-${index + 1}@sender.example>`,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      wrapLines(`<!DOCTYPE html><html><head><title>${name}</title></head><body>${html(marker)}</body></html>`),
      '',
    ].join('\r\n');
    return { name, subject, marker, bytes: new TextEncoder().encode(message) };
  });
}
