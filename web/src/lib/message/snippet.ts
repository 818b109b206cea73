// The line of preview text under a subject in the inbox.
import { htmlPreviewText } from './html-preview-text.ts';

export const SNIPPET_LENGTH = 160;
/**
 * Characters of a text or HTML part a snippet reads. A snippet shows 160, and mail of any
 * length reaches the sync Worker, which serves every account: reading a bounded start keeps
 * one message's cost fixed whatever its size. 64 Ki leaves room for the style sheets that
 * open marketing HTML (the largest head in the shared corpus is well under it).
 */
export const SNIPPET_SOURCE_MAX_CHARS = 64 * 1024;

/** ~160 characters of the text part, or of the HTML part with tags stripped; whitespace collapsed. */
export function makeSnippet(text: string | undefined, html: string | undefined): string {
  const start = text === undefined ? '' : boundedStart(text);
  const source = start.trim() !== '' ? start : html !== undefined ? htmlPreviewText(boundedStart(html)) : '';
  const collapsed = collapseStart(source);
  return collapsed.length <= SNIPPET_LENGTH ? collapsed : collapsed.slice(0, SNIPPET_LENGTH - 1).trimEnd() + '…';
}

/**
 * The source with whitespace runs collapsed and trimmed, or a prefix of that which is
 * certainly longer than a snippet: the rest would be cut off anyway, and a sync collapses
 * megabytes of text for these 160 characters. A prefix qualifies only if it still holds
 * text past the snippet's end once trimmed, so the whole would be cut at the same place.
 */
function collapseStart(source: string): string {
  for (let n = 1024; n < source.length; n *= 4) {
    const prefix = source.slice(0, n).replace(/\s+/g, ' ').trim();
    if (prefix.length > SNIPPET_LENGTH + 1) return prefix;
  }
  return source.replace(/\s+/g, ' ').trim();
}

/** The first SNIPPET_SOURCE_MAX_CHARS, not ending inside a surrogate pair. */
function boundedStart(source: string): string {
  if (source.length <= SNIPPET_SOURCE_MAX_CHARS) return source;
  const lastUnit = source.charCodeAt(SNIPPET_SOURCE_MAX_CHARS - 1);
  return source.slice(0, lastUnit >= 0xd800 && lastUnit <= 0xdbff ? SNIPPET_SOURCE_MAX_CHARS - 1 : SNIPPET_SOURCE_MAX_CHARS);
}
