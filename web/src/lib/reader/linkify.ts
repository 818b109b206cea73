// Plain-text bodies: splits text into runs and links, so the component builds DOM nodes
// for each and never parses text as HTML.

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// http(s) URLs, and mailto: or bare addresses. Stops at whitespace and at <>" which mail
// uses to wrap URLs (RFC 3986 Appendix C).
const LINK = /\b(?:https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
// Punctuation that ends a sentence more often than it ends a URL.
const TRAILING = /[.,;:!?'*]+$/;

export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    let linkText = trimUnbalancedParen(match[0].replace(TRAILING, ''));
    linkText = linkText.replace(TRAILING, '');
    const start = match.index;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: linkText, href: hrefFor(linkText) });
    last = start + linkText.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return mergeText(segments);
}

function hrefFor(linkText: string): string {
  return /^(?:https?:|mailto:)/i.test(linkText) ? linkText : `mailto:${linkText}`;
}

/** "(see https://x.org/a)" → the ) belongs to the sentence; "https://x.org/A_(b)" keeps its own. */
function trimUnbalancedParen(url: string): string {
  let result = url;
  while (result.endsWith(')') && count(result, ')') > count(result, '(')) result = result.slice(0, -1);
  return result;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

// After trimming, the rest of a match is plain text that may touch the next text run.
function mergeText(segments: TextSegment[]): TextSegment[] {
  const merged: TextSegment[] = [];
  for (const segment of segments) {
    const previous = merged.at(-1);
    if (segment.kind === 'text' && previous?.kind === 'text') previous.text += segment.text;
    else merged.push(segment);
  }
  return merged;
}
