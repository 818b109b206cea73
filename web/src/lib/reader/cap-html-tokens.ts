// A linear pass over message HTML's tokens that drops the tags which would make a tree
// builder work quadratically: start tags nested past TOKEN_DEPTH_CAP (with their end tags),
// and every tag past TOKEN_ELEMENT_CAP. Text is always kept. The depth it tracks is an
// estimate (implied end tags are modelled only for the common cases), which is enough: it
// only bounds the work; bound-message-html.ts caps the real tree. Once the element cap is
// reached, the rest of the input is read by htmlToText's plain scan instead of the tokenizer
// and returned apart, as text: only its text is wanted, and tokenizing it (twice, here and in
// the tree builder) took most of the Worker's time on long messages.
import { Tokenizer, TokenizerMode, type Token, type TokenHandler } from 'parse5';
import { TOKEN_DEPTH_CAP, TOKEN_ELEMENT_CAP } from './html-bounds.ts';
import { htmlToText } from './html-to-text.ts';

export interface TokenCaps {
  depth: number;
  elements: number;
}

export interface CappedTokens {
  html: string;
  /** The text of the input past the element cap, as plain text ('' when the cap was not reached). */
  tail: string;
  /** Start tags left out. */
  droppedTags: number;
}

const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// The tokenizer needs the tree builder's word on these (HTML §13.2.6.4.7): their content is text.
const TEXT_MODES: Record<string, (typeof TokenizerMode)[keyof typeof TokenizerMode]> = {
  style: TokenizerMode.RAWTEXT,
  xmp: TokenizerMode.RAWTEXT,
  iframe: TokenizerMode.RAWTEXT,
  noembed: TokenizerMode.RAWTEXT,
  noframes: TokenizerMode.RAWTEXT,
  title: TokenizerMode.RCDATA,
  textarea: TokenizerMode.RCDATA,
  script: TokenizerMode.SCRIPT_DATA,
  plaintext: TokenizerMode.PLAINTEXT,
};
// A start tag of a kind in the same list closes an open one on top of the stack (HTML §13.1.2.4).
const SIBLING_CLOSERS: Array<ReadonlySet<string>> = [new Set(['li']), new Set(['dt', 'dd']), new Set(['td', 'th']), new Set(['tr']), new Set(['option']), new Set(['thead', 'tbody', 'tfoot'])];
const CLOSES_P = new Set(['address', 'article', 'aside', 'blockquote', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'ul']);

export function capHtmlTokens(html: string, caps: TokenCaps = { depth: TOKEN_DEPTH_CAP, elements: TOKEN_ELEMENT_CAP }): CappedTokens {
  const out: string[] = [];
  const open: string[] = [];
  // Names of start tags dropped for depth and still "open", so their end tags go too.
  const droppedOpen = new Map<string, number>();
  let elements = 0;
  let droppedTags = 0;
  let textMode = false;

  const handler: TokenHandler = {
    onStartTag(token: Token.TagToken) {
      const name = token.tagName;
      const mode = TEXT_MODES[name];
      if (mode !== undefined) {
        tokenizer.state = mode;
        textMode = mode !== TokenizerMode.PLAINTEXT;
      }
      if (!VOID.has(name)) closeImplied(open, name);
      const tooDeep = !VOID.has(name) && open.length >= caps.depth;
      if (elements >= caps.elements || tooDeep) {
        droppedTags += 1;
        // A dropped raw-text element's content is still text, so it is kept as text too.
        if (tooDeep && !VOID.has(name)) droppedOpen.set(name, (droppedOpen.get(name) ?? 0) + 1);
        if (mode !== undefined) textMode = false;
        return;
      }
      elements += 1;
      if (!VOID.has(name)) open.push(name);
      out.push(startTag(token));
    },
    onEndTag(token: Token.TagToken) {
      const name = token.tagName;
      textMode = false;
      const dropped = droppedOpen.get(name) ?? 0;
      if (dropped > 0) {
        droppedOpen.set(name, dropped - 1);
        return;
      }
      const at = open.lastIndexOf(name);
      if (at === -1) return;
      open.length = at;
      out.push(`</${name}>`);
    },
    onCharacter: (token) => void out.push(textMode ? token.chars : escapeText(token.chars)),
    onWhitespaceCharacter: (token) => void out.push(token.chars),
    onNullCharacter: () => undefined,
    onComment: () => undefined,
    onDoctype: () => void out.push('<!DOCTYPE html>'),
    onEof: () => undefined,
  };
  const tokenizer = new Tokenizer({ sourceCodeLocationInfo: false }, handler);
  let at = 0;
  while (at < html.length && elements < caps.elements) {
    // Chunks end before a '<' where one is near, so no tag is split at the switch to text.
    let end = Math.min(html.length, at + CHUNK_CHARS);
    const lt = end < html.length ? html.lastIndexOf('<', end) : -1;
    if (lt > at) end = lt;
    tokenizer.write(html.slice(at, end), end === html.length);
    at = end;
  }
  let tail = '';
  if (at < html.length) {
    tokenizer.write('', true);
    tail = htmlToText(html.slice(at), Number.POSITIVE_INFINITY).text;
    droppedTags += 1; // at least one; the rest are not counted, that would need the tokenizer
  }
  return { html: out.join(''), tail, droppedTags };
}

const CHUNK_CHARS = 32_768;

function closeImplied(open: string[], name: string): void {
  const top = open[open.length - 1];
  if (top === undefined) return;
  if (top === 'p' && CLOSES_P.has(name)) {
    open.pop();
    return;
  }
  const siblings = SIBLING_CLOSERS.find((set) => set.has(name));
  if (siblings?.has(top)) open.pop();
}

function startTag(token: Token.TagToken): string {
  const attributes = token.attrs.map((attr) => ` ${attr.name}="${escapeAttribute(attr.value)}"`).join('');
  return `<${token.tagName}${attributes}>`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}
