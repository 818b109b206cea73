/**
 * The one text analysis of search: the index's FlexSearch `encode`, the query parser, the
 * phrase check and the highlighter all use it, so a word is found exactly as it is typed.
 * Lower case, NFKD with combining accents stripped (kana voicing marks kept), words split on
 * anything that is not a letter, digit or mark, runs of Han, kana and Hangul cut into
 * overlapping bigrams. docs/SEARCH.md ("Text analysis") says why each step is there; the
 * library comparison in tests/bench/experiments/search-libraries.ts uses it too.
 */
/** Tokens longer than this (base64, uuencode, yEnc lines decoded as text) are not indexed. */
const MAX_TOKEN = 40;

/** Combining marks folded away: accents on Latin/Greek/Cyrillic, Hebrew points, Arabic harakat. */
const FOLDED_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0640]/g;
export const WORD = /[\p{L}\p{N}\p{M}]+/gu;
export const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc\u3005]/u;
const CJK_SPLIT = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc\u3005]+)/u;

const NON_ASCII = /[^\x00-\x7f]/;

export function normalizeText(text: string): string {
  // NFKD of a long ASCII-only text returns it unchanged but still costs a pass that allocates.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.toLowerCase().normalize('NFKD').replace(FOLDED_MARKS, '').normalize('NFC');
}

/**
 * A normalized word cut where CJK meets other letters: `abc日本語` → `abc`, `日本語`. Runs of
 * CJK are kept whole here; analyze() cuts them into bigrams.
 */
export function wordParts(word: string): string[] {
  if (!CJK_CHAR.test(word)) return [word];
  return word.split(CJK_SPLIT).filter((part) => part !== '');
}

/** Words of `text`, in order, normalized; CJK runs become overlapping bigrams. */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const word of normalizeText(text).match(WORD) ?? []) {
    for (const part of wordParts(word)) {
      if (!CJK_CHAR.test(part)) {
        if (part.length <= MAX_TOKEN) out.push(part);
      } else if (part.length === 1) {
        out.push(part);
      } else {
        for (let i = 0; i + 1 < part.length; i++) out.push(part.slice(i, i + 2));
      }
    }
  }
  return out;
}

/**
 * What the highlighter looks for, from what the user typed: the normalized words, CJK runs
 * whole (not bigrams), so `日本語` marks those three characters and not every `日本`.
 */
export function highlightTermsOf(text: string): string[] {
  return (normalizeText(text).match(WORD) ?? []).flatMap(wordParts).filter((part) => CJK_CHAR.test(part) || part.length <= MAX_TOKEN);
}

export function isCjkToken(token: string): boolean {
  return CJK_CHAR.test(token);
}
