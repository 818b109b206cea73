// Message HTML → the same HTML with bounded structure, made in the message worker before the
// page's DOMPurify and the sandboxed frame see it (DESIGN.md invariant 10). Elements
// nested past TREE_DEPTH_CAP or counted past TREE_ELEMENT_CAP are flattened into their text;
// data: URLs past DATA_URL_CHARS_CAP are dropped. This is not a sanitizer: DOMPurify, in the
// page, still decides what is safe, on whatever this returns.
import { html as htmlSpec, parse, type DefaultTreeAdapterTypes } from 'parse5';
import { capHtmlTokens } from './cap-html-tokens.ts';
import { DATA_URL_CHARS_CAP, TREE_DEPTH_CAP, TREE_ELEMENT_CAP } from './html-bounds.ts';

type Node = DefaultTreeAdapterTypes.ChildNode;
type Element = DefaultTreeAdapterTypes.Element;

export interface HtmlCaps {
  depth: number;
  elements: number;
  dataUrlChars: number;
}

/** What was left out, so the reader can say the layout was simplified. */
export interface HtmlCuts {
  /** Elements flattened into their text (too deep or past the element cap), tags dropped by the pre-pass included. */
  flattened: number;
  /** data: URLs and style sheets with data: URLs dropped past the cap. */
  dataUrls: number;
}

export interface BoundedHtml {
  html: string;
  cuts: HtmlCuts;
}

const DEFAULT_CAPS: HtmlCaps = { depth: TREE_DEPTH_CAP, elements: TREE_ELEMENT_CAP, dataUrlChars: DATA_URL_CHARS_CAP };
const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['style', 'script', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
// Their text is not content: flattened, they go altogether.
const NOT_CONTENT = new Set(['style', 'script', 'title', 'template', 'textarea', 'select']);
// Flattening these inside a word must not split it; any other element flattened leaves a space.
const PHRASING = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'mark', 'nobr', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'tt', 'u', 'var']);

export function boundMessageHtml(html: string, caps: HtmlCaps = DEFAULT_CAPS): BoundedHtml {
  const capped = capHtmlTokens(html);
  // Scripting off, as in the page's DOMParser document: <noscript> holds elements, not text.
  const document = parse(capped.html, { scriptingEnabled: false });
  const root = document.childNodes.find((node): node is Element => node.nodeName === 'html');
  const head = root?.childNodes.find((node): node is Element => node.nodeName === 'head');
  const body = root?.childNodes.find((node): node is Element => node.nodeName === 'body' || node.nodeName === 'frameset');
  // The tail, if any, takes one element of the cap.
  const writer = new BoundedWriter(capped.tail === '' ? caps : { ...caps, elements: caps.elements - 1 });
  const headHtml = head === undefined ? '' : writer.children(head);
  let bodyHtml = body === undefined ? '' : writer.children(body);
  // The text past the token cap, as one element of running text: kept as lines (pre-line), the
  // 37,000 short lines of a 40,000-paragraph message made the frame's layout the slow part.
  if (capped.tail !== '') bodyHtml += `<div>${escapeText(capped.tail)}</div>`;
  writer.cuts.flattened += capped.droppedTags;
  return { html: `<!DOCTYPE html><html><head>${headHtml}</head><body>${bodyHtml}</body></html>`, cuts: writer.cuts };
}

type Work = { node: Node; depth: number } | string;

class BoundedWriter {
  readonly cuts: HtmlCuts = { flattened: 0, dataUrls: 0 };
  readonly #caps: HtmlCaps;
  #elements = 0;
  #dataUrlChars = 0;

  constructor(caps: HtmlCaps) {
    this.#caps = caps;
  }

  /** Serializes `parent`'s children without recursion: the tree may be thousands deep. */
  children(parent: Element): string {
    const out: string[] = [];
    const work: Work[] = [];
    const pushChildren = (element: Element, depth: number) => {
      for (let i = element.childNodes.length - 1; i >= 0; i--) work.push({ node: element.childNodes[i]!, depth });
    };
    pushChildren(parent, 0);
    while (work.length > 0) {
      const item = work.pop()!;
      if (typeof item === 'string') {
        out.push(item);
        continue;
      }
      const { node, depth } = item;
      if (node.nodeName === '#text') {
        const text = (node as DefaultTreeAdapterTypes.TextNode).value;
        const parentName = (node as DefaultTreeAdapterTypes.TextNode).parentNode?.nodeName ?? '';
        out.push(RAW_TEXT.has(parentName) ? text : escapeText(text));
        continue;
      }
      if (!('tagName' in node)) continue; // comments, doctypes
      const element = node as Element;
      const name = element.tagName;
      const foreign = element.namespaceURI !== htmlSpec.NS.HTML;
      if (foreign || depth >= this.#caps.depth || this.#elements >= this.#caps.elements) {
        // SVG and MathML are not counted: the sanitizer's HTML-only profile drops them anyway.
        if (!foreign) this.cuts.flattened += 1;
        if (NOT_CONTENT.has(name)) continue;
        const gap = PHRASING.has(name) ? '' : ' ';
        out.push(gap);
        work.push(gap);
        pushChildren(element, depth);
        continue;
      }
      if (name === 'template') continue; // its content is inert and DOMPurify drops it anyway
      if (name === 'style' && !this.#takeDataUrls(styleText(element))) continue;
      this.#elements += 1;
      out.push(`<${name}${this.#attributes(element)}>`);
      if (VOID.has(name)) continue;
      work.push(`</${name}>`);
      pushChildren(element, depth + 1);
    }
    return out.join('');
  }

  #attributes(element: Element): string {
    let text = '';
    for (const attr of element.attrs) {
      if (!this.#takeDataUrls(attr.value)) continue;
      text += ` ${attr.prefix === undefined ? '' : `${attr.prefix}:`}${attr.name}="${escapeAttribute(attr.value)}"`;
    }
    return text;
  }

  /** False, and counted, when `text` holds data: URLs that would pass the cap. */
  #takeDataUrls(text: string): boolean {
    if (!/data:/i.test(text)) return true;
    if (this.#dataUrlChars + text.length > this.#caps.dataUrlChars) {
      this.cuts.dataUrls += 1;
      return false;
    }
    this.#dataUrlChars += text.length;
    return true;
  }
}

function styleText(element: Element): string {
  return element.childNodes.map((node) => (node.nodeName === '#text' ? (node as DefaultTreeAdapterTypes.TextNode).value : '')).join('');
}

// HTML §13.3 "Serializing HTML fragments": escaping text and attribute values.
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/\u00a0/g, '&nbsp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/\u00a0/g, '&nbsp;').replace(/"/g, '&quot;');
}
