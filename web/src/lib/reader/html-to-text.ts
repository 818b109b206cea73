// Message HTML → plain text for the reader's fallback, in one forward scan (DESIGN.md invariant
// 10): it must be quick on HTML too large or too tangled to render, so it builds no tree.
// Tags become nothing (block-level ones a line break), style, script and title content is skipped,
// and the common character references are decoded. The result is shown as text, never parsed.

const SKIPPED_CONTENT = ['style', 'script', 'title', 'template', 'xmp', 'textarea'];
const BREAKS = /^\/?(?:p|div|br|tr|li|h[1-6]|table|blockquote|pre|hr|section|article|header|footer|ul|ol|dl|dt|dd)\b/i;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Stops once `maxChars` of text are out; the rest of the input is not read. */
export function htmlToText(html: string, maxChars: number): { text: string; truncated: boolean } {
  const out: string[] = [];
  let length = 0;
  let at = 0;
  while (at < html.length && length < maxChars) {
    const lt = html.indexOf('<', at);
    const textEnd = lt === -1 ? html.length : lt;
    if (textEnd > at) {
      const text = decodeReferences(html.slice(at, Math.min(textEnd, at + maxChars - length + 16)));
      out.push(text);
      length += text.length;
    }
    if (lt === -1) {
      at = textEnd;
      break;
    }
    at = skipMarkup(html, lt, out);
  }
  // Per line, so that no pattern ever scans a long run of spaces more than once.
  const lines = out.join('').split('\n').map((line) => line.replace(/[ \t\r\f]+/g, ' ').trim());
  const text = lines.filter((line, i) => line !== '' || (i > 0 && lines[i - 1] !== '')).join('\n').trim();
  return { text: text.slice(0, maxChars), truncated: length >= maxChars || at < html.length };
}

/** Index just after the markup that starts at `lt` (a tag, a comment, or a skipped element). */
function skipMarkup(html: string, lt: number, out: string[]): number {
  if (html.startsWith('<!--', lt)) return endAfter(html, '-->', lt + 4);
  const close = html.indexOf('>', lt);
  if (close === -1) return html.length;
  const tag = html.slice(lt + 1, Math.min(close, lt + 32));
  if (BREAKS.test(tag)) out.push('\n');
  const name = /^[a-z]+/i.exec(tag)?.[0].toLowerCase();
  if (name !== undefined && SKIPPED_CONTENT.includes(name)) return afterEndTag(html, name, close + 1);
  return close + 1;
}

/** Index after the first `marker` from `from`, or the end. */
function endAfter(html: string, marker: string, from: number): number {
  const found = html.indexOf(marker, from);
  return found === -1 ? html.length : found + marker.length;
}

/** Index after `</name …>` (any case) from `from`, or the end: an unclosed element runs to the end. */
function afterEndTag(html: string, name: string, from: number): number {
  for (let at = html.indexOf('</', from); at !== -1; at = html.indexOf('</', at + 2)) {
    if (html.slice(at + 2, at + 2 + name.length).toLowerCase() !== name) continue;
    const close = html.indexOf('>', at);
    return close === -1 ? html.length : close + 1;
  }
  return html.length;
}

function decodeReferences(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,6}));?/gi, (match, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED[name.toLowerCase()] ?? match;
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  });
}
