// Finds link candidates in plain text in one left-to-right pass, in time linear in the text
// (DESIGN.md invariant 10). It matches exactly what this regex matched, leftmost first:
//
//   /\b(?:https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g
//
// The regex cost the square of its input: at every word boundary of `a.a.a.…` the address
// branch ran to the end of the run looking for an @ (120 KB: an 8.6-18.1 s long task). Here
// the run of address characters is measured once, and every start inside it shares the answer.
import { isJsWhitespace } from './js-whitespace.ts';

/** One match, before trailing punctuation is trimmed: text.slice(start, end). */
export interface LinkCandidate {
  start: number;
  end: number;
}

export interface LinkScanLimits {
  /** Candidates start before this index; text after it is not scanned for links. */
  startBefore: number;
  /** A longer candidate is not a link: the scan skips it as text. */
  maxLength: number;
  /** The scan stops after this many candidates. */
  maxCount: number;
}

// ASCII character classes as bits, looked up in a table: the scan touches every character,
// often before the JIT has compiled it, so it does one array read where it would call five
// small functions.
const WORD = 1; // \w: decides where \b holds
const LOCAL = 2; // [A-Za-z0-9._%+-]: the local part of a bare address
const DOMAIN = 4; // [A-Za-z0-9.-]: its domain
const LETTER = 8; // [A-Za-z]: its top-level domain
const URL_STOP = 16; // ASCII \s and <>": a URL runs until one (RFC 3986 Appendix C: what mail wraps URLs in)

const ASCII_CLASSES = (() => {
  const classes = new Uint8Array(128);
  const add = (chars: string, bits: number) => {
    for (const char of chars) classes[char.charCodeAt(0)]! |= bits;
  };
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const digits = '0123456789';
  add(letters, WORD | LOCAL | DOMAIN | LETTER);
  add(digits, WORD | LOCAL | DOMAIN);
  add('_', WORD | LOCAL);
  add('.-', LOCAL | DOMAIN);
  add('%+', LOCAL);
  add(' \t\n\v\f\r<>"', URL_STOP);
  return classes;
})();

const NONE = -1;
const AT = 0x40;
const DOT = 0x2e;
const URL_PREFIXES = ['https://', 'http://', 'mailto:'];
const H = 0x68;
const M = 0x6d;

function classOf(code: number): number {
  return code >= 0 && code < 128 ? ASCII_CLASSES[code]! : 0;
}

function isUrlChar(code: number): boolean {
  if (code < 0) return false;
  return code < 128 ? (ASCII_CLASSES[code]! & URL_STOP) === 0 : !isJsWhitespace(code);
}

/**
 * Candidates of at most `maxLength` characters that start before `startBefore`, in order.
 * Reads nothing past `startBefore + maxLength`, and each character a bounded number of times.
 */
export function scanLinks(text: string, { startBefore, maxLength, maxCount }: LinkScanLimits): LinkCandidate[] {
  // A run that reaches the horizon before the text ends is longer than maxLength from any
  // start before startBefore, so it is skipped whatever lies beyond.
  const horizon = Math.min(text.length, startBefore + maxLength);
  const cut = horizon < text.length;
  const stop = Math.min(startBefore, horizon);
  const candidates: LinkCandidate[] = [];

  // The run of local-part characters the scan is in, and where its address (if any) ends: the
  // same for every start inside the run, because the run must reach the @ unbroken.
  let localFrom = NONE;
  let localEnd = NONE;
  let addressEnd = NONE;

  let previousIsWord = false;
  let position = 0;
  while (position < stop && candidates.length < maxCount) {
    const code = text.charCodeAt(position);
    const classes = classOf(code);
    const isWord = (classes & WORD) !== 0;
    const atBoundary = isWord !== previousIsWord;
    previousIsWord = isWord;
    if (!atBoundary) {
      position++;
      continue;
    }
    let end = NONE;
    const prefix = code === H || code === M ? urlPrefixAt(text, position, horizon) : undefined;
    if (prefix !== undefined) {
      end = position + prefix.length;
      while (end < horizon && isUrlChar(text.charCodeAt(end))) end++;
    } else if ((classes & LOCAL) !== 0) {
      if (!(position >= localFrom && position < localEnd)) {
        localFrom = position;
        localEnd = position;
        while (localEnd < horizon && (classOf(text.charCodeAt(localEnd)) & LOCAL) !== 0) localEnd++;
        addressEnd = localEnd < horizon && text.charCodeAt(localEnd) === AT ? domainEnd(text, localEnd + 1, horizon, cut) : NONE;
      }
      end = addressEnd;
    }
    if (end === NONE) {
      position++;
      continue;
    }
    if (end - position <= maxLength) candidates.push({ start: position, end });
    position = end;
    previousIsWord = end > 0 && (classOf(text.charCodeAt(end - 1)) & WORD) !== 0;
  }
  return candidates;
}

/** The scheme prefix at `position` that at least one URL character follows. */
function urlPrefixAt(text: string, position: number, horizon: number): string | undefined {
  return URL_PREFIXES.find((prefix) => text.startsWith(prefix, position) && position + prefix.length < horizon && isUrlChar(text.charCodeAt(position + prefix.length)));
}

/**
 * Where `[A-Za-z0-9.-]+\.[A-Za-z]{2,}` starting at `from` ends, or NONE. The first part is
 * greedy, so the regex settled on the last dot of the run that has two letters after it and
 * at least one character before it; the letters then run as far as they go.
 */
function domainEnd(text: string, from: number, horizon: number, cut: boolean): number {
  let end = from;
  while (end < horizon && (classOf(text.charCodeAt(end)) & DOMAIN) !== 0) end++;
  // The greedy regex would have looked for its dot beyond the horizon too: the address runs
  // at least that far, too long to be a link.
  if (end === horizon && cut) return horizon;
  for (let dot = end - 3; dot > from; dot--) {
    if (text.charCodeAt(dot) !== DOT || (classOf(text.charCodeAt(dot + 1)) & LETTER) === 0 || (classOf(text.charCodeAt(dot + 2)) & LETTER) === 0) continue;
    let letters = dot + 3;
    while (letters < end && (classOf(text.charCodeAt(letters)) & LETTER) !== 0) letters++;
    return letters;
  }
  return NONE;
}
