// Where the searched words stand in a piece of text, for <mark>: the text is cut into runs,
// and the component builds a text node or a <mark> for each, so nothing from a message is
// ever parsed as HTML. Words are compared as the index compares them (text-analysis.ts):
// `Frösche` is marked for `frosche`, and a CJK word anywhere inside a run of CJK.

import { CJK_CHAR, WORD, normalizeText, wordParts } from './text-analysis.ts';

export interface HighlightRun {
  text: string;
  marked: boolean;
}

/** Characters looked at: as the reader's linkify scan, a letter's worth, not a log dump's. */
const SCAN_LIMIT = 256 * 1024;
/** Marks per text at most: each is a DOM element to build. */
const MAX_MARKS = 2_000;
const ASCII = /^[\x00-\x7f]*$/;

export function highlightRuns(text: string, terms: readonly string[]): HighlightRun[] {
  if (terms.length === 0 || text === '') return [{ text, marked: false }];
  const words = new Set(terms.filter((term) => !CJK_CHAR.test(term)));
  const cjk = terms.filter((term) => CJK_CHAR.test(term));
  const ranges: Array<[number, number]> = [];
  for (const match of text.slice(0, SCAN_LIMIT).matchAll(WORD)) {
    markWord(match[0], match.index, words, cjk, ranges);
    if (ranges.length >= MAX_MARKS) break;
  }
  return runsOf(text, ranges);
}

/** Adds the ranges of `word` (at `offset` in the text) that match; positions are the original text's. */
function markWord(word: string, offset: number, words: ReadonlySet<string>, cjk: readonly string[], ranges: Array<[number, number]>): void {
  const { normalized, origin } = normalizeWithOrigin(word);
  let at = 0;
  for (const part of wordParts(normalized)) {
    const start = normalized.indexOf(part, at);
    at = start + part.length;
    if (!CJK_CHAR.test(part)) {
      if (words.has(part)) ranges.push([offset + origin[start]!, offset + origin[at]!]);
      continue;
    }
    for (const term of cjk) {
      for (let found = part.indexOf(term); found >= 0; found = part.indexOf(term, found + term.length)) {
        ranges.push([offset + origin[start + found]!, offset + origin[start + found + term.length]!]);
      }
    }
  }
}

/**
 * normalizeText one code point at a time, keeping for each normalized unit the offset of the
 * code point it came from (and the word's length at the end), so a match maps back.
 */
function normalizeWithOrigin(word: string): { normalized: string; origin: number[] } {
  if (ASCII.test(word)) return { normalized: word.toLowerCase(), origin: Array.from({ length: word.length + 1 }, (_, i) => i) };
  let normalized = '';
  const origin: number[] = [];
  let offset = 0;
  for (const codePoint of word) {
    const folded = normalizeText(codePoint);
    for (let i = 0; i < folded.length; i++) origin.push(offset);
    normalized += folded;
    offset += codePoint.length;
  }
  origin.push(offset);
  return { normalized, origin };
}

function runsOf(text: string, ranges: Array<[number, number]>): HighlightRun[] {
  ranges.sort((a, b) => a[0] - b[0]);
  const runs: HighlightRun[] = [];
  let last = 0;
  for (const [start, end] of ranges) {
    if (end <= last) continue;
    const from = Math.max(start, last);
    if (from > last) runs.push({ text: text.slice(last, from), marked: false });
    const previous = runs.at(-1);
    if (previous?.marked === true && from === last) previous.text += text.slice(from, end);
    else runs.push({ text: text.slice(from, end), marked: true });
    last = end;
  }
  if (last < text.length) runs.push({ text: text.slice(last), marked: false });
  return runs;
}
