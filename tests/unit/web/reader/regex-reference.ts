// The reader's text scanners as they were, as regexes: the reference the linear scanners must
// agree with. Their backtracking costs the square (or worse) of their input, so tests run them
// on short inputs only.
import type { TextSegment } from '../../../../web/src/lib/reader/linkify.ts';

const LINK = /\b(?:https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
const TRAILING = /[.,;:!?'*]+$/;

export function linkifyByRegex(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    let linkText = trimUnbalancedParen(match[0].replace(TRAILING, ''));
    linkText = linkText.replace(TRAILING, '');
    const start = match.index;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: linkText, href: /^(?:https?:|mailto:)/i.test(linkText) ? linkText : `mailto:${linkText}` });
    last = start + linkText.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  const merged: TextSegment[] = [];
  for (const segment of segments) {
    const previous = merged.at(-1);
    if (segment.kind === 'text' && previous?.kind === 'text') previous.text += segment.text;
    else merged.push(segment);
  }
  return merged;
}

function trimUnbalancedParen(url: string): string {
  let result = url;
  while (result.endsWith(')') && result.split(')').length > result.split('(').length) result = result.slice(0, -1);
  return result;
}

const URL_FUNCTION = /url\(\s*(?:"([^"]*)"?|'([^']*)'?|([^)]*?))\s*(?:\)|$)/gi;

export function replaceUrlFunctionsByRegex(text: string, replace: (argument: string) => string): string {
  return text.replace(URL_FUNCTION, (_match, double?: string, single?: string, bare?: string) => replace(double ?? single ?? bare ?? ''));
}

export function decodeCssEscapesByRegex(css: string): string {
  return css.replace(/\\(?:([0-9a-f]{1,6})[ \t\n\r\f]?|\r\n|\n|\r|\f|([\s\S]))/gi, (_match, hex: string | undefined, char: string | undefined) => {
    if (hex !== undefined) {
      const code = parseInt(hex, 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
    }
    return char ?? '';
  });
}
