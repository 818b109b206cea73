// Plain-text bodies: splits text into runs and links, so the component builds DOM nodes
// for each and never parses text as HTML.
import { scanLinks } from './link-scanner.ts';

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/**
 * Links are looked for in the first 256 Ki characters of a body only (a scan of them takes
 * about 10 ms here, several times that on a phone). Longer plain-text bodies are dumps (logs,
 * exports), not letters whose far links matter; the rest is still shown, as text.
 */
export const LINKIFY_SCAN_LIMIT = 256 * 1024;
/** A body with more links than this is a list, not prose; each link is a DOM element to build. */
export const LINKIFY_MAX_LINKS = 2_000;
/** RFC 9110 §4.1 asks for 8,000-octet URIs; a longer run is not a link anyone typed. */
export const LINKIFY_MAX_LINK_LENGTH = 8_000;

/** Punctuation that ends a sentence more often than it ends a URL. */
const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', "'", '*']);

export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const candidate of scanLinks(text, { startBefore: LINKIFY_SCAN_LIMIT, maxLength: LINKIFY_MAX_LINK_LENGTH, maxCount: LINKIFY_MAX_LINKS })) {
    const linkText = trimLinkEnd(text.slice(candidate.start, candidate.end));
    if (candidate.start > last) segments.push({ kind: 'text', text: text.slice(last, candidate.start) });
    segments.push({ kind: 'link', text: linkText, href: hrefFor(linkText) });
    last = candidate.start + linkText.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return mergeText(segments);
}

function hrefFor(linkText: string): string {
  return /^(?:https?:|mailto:)/i.test(linkText) ? linkText : `mailto:${linkText}`;
}

function trimLinkEnd(candidate: string): string {
  return trimTrailingPunctuation(trimUnbalancedParen(trimTrailingPunctuation(candidate)));
}

function trimTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && TRAILING_PUNCTUATION.has(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/** "(see https://x.org/a)" → the ) belongs to the sentence; "https://x.org/A_(b)" keeps its own. */
function trimUnbalancedParen(url: string): string {
  let opened = 0;
  let closed = 0;
  for (const char of url) {
    if (char === '(') opened++;
    else if (char === ')') closed++;
  }
  let end = url.length;
  while (closed > opened && url[end - 1] === ')') {
    end--;
    closed--;
  }
  return url.slice(0, end);
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
