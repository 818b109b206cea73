// The line of preview text under a subject in the inbox.

export const SNIPPET_LENGTH = 160;

/** ~160 characters of the text part, or of the HTML part with tags stripped; whitespace collapsed. */
export function makeSnippet(text: string | undefined, html: string | undefined): string {
  const source = text !== undefined && text.trim() !== '' ? text : html !== undefined ? stripHtml(html) : '';
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

/**
 * Text only, for a preview: no DOM in a Worker, and this string is never rendered as HTML,
 * so a regex pass is enough. Style and script contents are dropped with their tags.
 */
function stripHtml(html: string): string {
  return html
    .replace(/<(style|script|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&#(\d+);/g, (_, n: string) => safeCodePoint(Number(n)));
}

function safeCodePoint(n: number): string {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' ';
}
