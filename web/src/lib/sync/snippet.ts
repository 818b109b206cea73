// The line of preview text under a subject in the inbox.

export const SNIPPET_LENGTH = 160;

/** ~160 characters of the text part, or of the HTML part with tags stripped; whitespace collapsed. */
export function makeSnippet(text: string | undefined, html: string | undefined): string {
  const source = text !== undefined && text.trim() !== '' ? text : html !== undefined ? stripHtml(html) : '';
  const collapsed = source.replace(/\s+/g, ' ').trim();
  return collapsed.length <= SNIPPET_LENGTH ? collapsed : collapsed.slice(0, SNIPPET_LENGTH - 1).trimEnd() + '…';
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
