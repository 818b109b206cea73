// Finds CSS url( … ) functions in one left-to-right pass, in time linear in the text (DESIGN
// DESIGN.md invariant 10). It takes exactly what this pattern took:
//
//   /url\(\s*(?:"([^"]*)"?|'([^']*)'?|([^)]*?))\s*(?:\)|$)/gi
//
// The pattern cost the square of its input: in `url(a` + 60,000 spaces + `b)` the lazy bare
// argument grew one character at a time and `\s*` ran the whole run of spaces after each
// (2.1 s). Here the argument's end is found with one search for its closing quote or `)`.
import { isJsWhitespace } from './js-whitespace.ts';

const URL_OPENING = /url\(/gi;

/**
 * `text` with each url( … ) replaced by `replace(argument)`: the quoted string's content, or
 * the bare argument without the whitespace around it. An unclosed one runs to the end of the
 * text, because CSS closes it there (CSS Syntax §4.3.6).
 */
export function replaceUrlFunctions(text: string, replace: (argument: string) => string): string {
  let result = '';
  let copied = 0;
  URL_OPENING.lastIndex = 0;
  for (let opening = URL_OPENING.exec(text); opening !== null; opening = URL_OPENING.exec(text)) {
    const { argument, end } = urlArgument(text, opening.index + opening[0].length);
    result += text.slice(copied, opening.index) + replace(argument);
    copied = end;
    URL_OPENING.lastIndex = end;
  }
  return result + text.slice(copied);
}

function urlArgument(text: string, afterParen: number): { argument: string; end: number } {
  const start = skipSpaces(text, afterParen);
  const quote = text[start];
  if (quote === '"' || quote === "'") {
    const closingQuote = text.indexOf(quote, start + 1);
    if (closingQuote === -1) return { argument: text.slice(start + 1), end: text.length };
    const after = skipSpaces(text, closingQuote + 1);
    if (after === text.length) return { argument: text.slice(start + 1, closingQuote), end: after };
    if (text[after] === ')') return { argument: text.slice(start + 1, closingQuote), end: after + 1 };
    // Something follows the string inside the parentheses. The pattern then gave characters
    // back from the string until a `)` came next: `url(')'x` ends at the last `)` inside it.
    const paren = lastParenBetween(text, start + 1, closingQuote);
    if (paren !== -1) return { argument: text.slice(start + 1, paren), end: paren + 1 };
    // With none, it read the whole argument as bare, quotes included.
  }
  const closingParen = text.indexOf(')', start);
  if (closingParen === -1) return { argument: text.slice(start).trimEnd(), end: text.length };
  return { argument: text.slice(start, closingParen).trimEnd(), end: closingParen + 1 };
}

/** Past JavaScript's `\s` (what the pattern skipped), from `from`. */
function skipSpaces(text: string, from: number): number {
  let index = from;
  while (index < text.length && isJsWhitespace(text.charCodeAt(index))) index++;
  return index;
}

/** The last `)` in text[from, to), or -1; reads nothing outside it (lastIndexOf would). */
function lastParenBetween(text: string, from: number, to: number): number {
  for (let index = to - 1; index >= from; index--) if (text.charCodeAt(index) === 0x29) return index;
  return -1;
}
