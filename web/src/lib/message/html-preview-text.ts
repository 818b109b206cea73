// The text of an HTML part, for the inbox preview only (never rendered as HTML), in one
// left-to-right pass. It replaced three regexes (`/<[^>]*>/g` and the comment and style
// ones) that retried from every `<` up to the end of the text when no closer followed:
// 300,000 `<` cost 64.8 s of the sync Worker (DESIGN.md invariant 10). Here every search for a closer
// remembers its answer, so each character is looked at a bounded number of times.
//
// What it drops: `<style>`, `<script>` and `<head>` elements with their content, comments,
// and tags (each becomes a space). A `<` with no `>` after it is text, as before. The few
// entities a preview needs are decoded; others stay as written.

const LT = 0x3c;
const AMP = 0x26;
const NONE = -1;
const RAW_TEXT_ELEMENTS = ['style', 'script', 'head'] as const;
type RawTextElement = (typeof RAW_TEXT_ELEMENTS)[number];
const NAMED_ENTITIES: ReadonlyArray<[string, string]> = [
  ['&nbsp;', ' '],
  ['&amp;', '&'],
  ['&lt;', '<'],
  ['&gt;', '>'],
  ['&quot;', '"'],
  ['&#39;', "'"],
  ['&apos;', "'"],
];

export function htmlPreviewText(html: string): string {
  const out: string[] = [];
  const find = new CachedSearch(html);
  let textStart = 0;
  let i = 0;
  const emit = (replacement: string, end: number): void => {
    out.push(html.slice(textStart, i), replacement);
    i = end;
    textStart = end;
  };
  while (i < html.length) {
    const c = html.charCodeAt(i);
    if (c === LT) {
      const end = markupEnd(html, i, find);
      if (end === NONE) i++;
      else emit(' ', end);
    } else if (c === AMP) {
      const entity = entityAt(html, i);
      if (entity === null) i++;
      else emit(entity.text, entity.end);
    } else {
      i++;
    }
  }
  out.push(html.slice(textStart));
  return out.join('');
}

/** Where the markup starting at `at` (a `<`) ends, or NONE when it is text. */
function markupEnd(html: string, at: number, find: CachedSearch): number {
  if (html.startsWith('<!--', at)) {
    const close = find.next('-->', at + 4);
    if (close !== NONE) return close + 3;
  }
  const element = rawTextElementAt(html, at);
  if (element !== null) {
    const openEnd = find.next('>', at + 1 + element.length);
    const close = openEnd === NONE ? NONE : find.closingTag(element, openEnd + 1);
    if (close !== NONE) return close;
  }
  const gt = find.next('>', at + 1);
  return gt === NONE ? NONE : gt + 1;
}

/** `<style`, `<script` or `<head` (any case) followed by a non-word character. */
function rawTextElementAt(html: string, at: number): RawTextElement | null {
  for (const name of RAW_TEXT_ELEMENTS) {
    if (startsWithIgnoringCase(html, at + 1, name) && !isWordChar(html.charCodeAt(at + 1 + name.length))) return name;
  }
  return null;
}

function entityAt(html: string, at: number): { text: string; end: number } | null {
  for (const [name, text] of NAMED_ENTITIES) {
    if (startsWithIgnoringCase(html, at, name)) return { text, end: at + name.length };
  }
  if (html.charCodeAt(at + 1) !== 0x23) return null; // '#'
  let end = at + 2;
  while (isDigit(html.charCodeAt(end))) end++;
  if (end === at + 2 || html.charCodeAt(end) !== 0x3b) return null; // ';'
  const n = Number(html.slice(at + 2, end));
  return { text: n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' ', end: end + 1 };
}

/**
 * Searches forward that remember their last answer. The scan only moves forward, so an answer
 * at or after the new start is still the first one, and "none after p" holds for every later
 * start: each stretch of the text is searched once per needle, whatever the input.
 */
class CachedSearch {
  readonly #html: string;
  readonly #found = new Map<string, { from: number; at: number }>();

  constructor(html: string) {
    this.#html = html;
  }

  /** The first index ≥ from where `needle` starts, or NONE. */
  next(needle: string, from: number): number {
    return this.#cached(needle, from, () => this.#html.indexOf(needle, from));
  }

  /** The index after the first `</name\s*>` (any case) at or after `from`, or NONE. */
  closingTag(name: RawTextElement, from: number): number {
    // Cached by where the tag starts; its end is recomputed, within the same tag.
    const start = this.#cached(`</${name}`, from, () => this.#findClosingTag(name, from));
    return start === NONE ? NONE : this.#closingTagEnd(name, start);
  }

  #cached(key: string, from: number, search: () => number): number {
    const last = this.#found.get(key);
    if (last !== undefined && last.from <= from && (last.at === NONE || last.at >= from)) return last.at;
    const at = search();
    this.#found.set(key, { from, at });
    return at;
  }

  #findClosingTag(name: RawTextElement, from: number): number {
    const html = this.#html;
    for (let at = html.indexOf('</', from); at !== NONE; at = html.indexOf('</', at + 2)) {
      if (startsWithIgnoringCase(html, at + 2, name) && this.#closingTagEnd(name, at) !== NONE) return at;
    }
    return NONE;
  }

  #closingTagEnd(name: RawTextElement, at: number): number {
    const html = this.#html;
    let end = at + 2 + name.length;
    // Whitespace after different candidates never overlaps: each run is read once per name.
    while (end < html.length && isSpace(html.charCodeAt(end))) end++;
    return html.charCodeAt(end) === 0x3e ? end + 1 : NONE;
  }
}

/** ASCII case-insensitive: `lower` is lower-case ASCII. */
function startsWithIgnoringCase(text: string, at: number, lower: string): boolean {
  if (at + lower.length > text.length) return false;
  for (let k = 0; k < lower.length; k++) {
    const c = text.charCodeAt(at + k);
    if ((c >= 0x41 && c <= 0x5a ? c + 0x20 : c) !== lower.charCodeAt(k)) return false;
  }
  return true;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isWordChar(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x1680 || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}
