// Message HTML → markup that is safe to put in the reader's sandboxed frame (DESIGN.md invariant 7).
//
// DOMPurify removes script and event handlers; the hooks below add what mail needs on top:
// no remote loads until the user asks (tracking pixels), cid: images resolved, links that open
// outside the app. The frame's sandbox and CSP (frame-document.ts) are the second line.
import DOMPurify from 'dompurify';
import { markTextNodes } from '../search/mark-text-nodes.ts';
import { filterCss } from './filter-css.ts';
import { resolveResource, type ResourcePolicy } from './resource-policy.ts';
import { classifyResourceUrl, isSafeLinkUrl } from './resource-url.ts';

export interface SanitizeOptions {
  allowRemote: boolean;
  /** cid key (cidKeyFromContentId) → URL for the frame; see message-parts.ts for why data: URLs. */
  cidUrls: ReadonlyMap<string, string>;
  /** Searched words to wrap in <mark> (opened from search results): text nodes only, after sanitizing. */
  highlight?: readonly string[];
}

export interface SanitizedHtml {
  html: string;
  /** How many remote resources were left out; > 0 offers "Show remote content". */
  blockedRemote: number;
}

const FORBID_TAGS = [
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'form', 'input',
  'button', 'textarea', 'select', 'option', 'meta', 'base', 'link', 'noscript', 'noembed',
  'noframes', 'xmp', 'plaintext', 'audio', 'video', 'track', 'dialog',
];
// `target` is set by the hook; `ping` would report clicks; form attributes have no form to serve.
const FORBID_ATTR = ['target', 'ping', 'action', 'formaction', 'autofocus'];
const RESOURCE_ATTRIBUTES = ['src', 'background', 'poster', 'lowsrc', 'dynsrc'];

export function sanitizeMessageHtml(html: string, options: SanitizeOptions): SanitizedHtml {
  let blockedRemote = 0;
  const policy: ResourcePolicy = { ...options, onBlockedRemote: () => (blockedRemote += 1) };
  // A fresh instance per call: hooks close over this call's policy and counter.
  const purify = DOMPurify(window);
  purify.addHook('afterSanitizeElements', (node) => {
    if (node instanceof window.HTMLStyleElement) node.textContent = filterCss(node.textContent ?? '', policy);
  });
  purify.addHook('afterSanitizeAttributes', (node) => filterAttributes(node, policy));
  const body = purify.sanitize(bodyWithHeadStyles(html), {
    USE_PROFILES: { html: true }, // no SVG or MathML: their namespaces are where mXSS lives
    WHOLE_DOCUMENT: false,
    RETURN_DOM: true,
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_DATA_ATTR: false,
  });
  markTextNodes(body, options.highlight ?? []);
  return { html: body.innerHTML, blockedRemote };
}

/**
 * Newsletters put their <style> in <head>, which a body-only sanitize would drop. The message
 * is parsed once in an inert document (DOMParser runs no script and loads nothing) and the
 * head's style elements moved to the start of the body before DOMPurify sees it.
 */
function bodyWithHeadStyles(html: string): HTMLElement {
  const doc = new window.DOMParser().parseFromString(html, 'text/html');
  const styles = Array.from(doc.head.querySelectorAll('style'));
  doc.body.prepend(...styles);
  return doc.body;
}

function filterAttributes(node: Element, policy: ResourcePolicy): void {
  for (const name of RESOURCE_ATTRIBUTES) {
    const value = node.getAttribute(name);
    if (value === null) continue;
    const resolved = resolveResource(value, policy);
    if (resolved === null) node.removeAttribute(name);
    else node.setAttribute(name, resolved);
  }
  filterSrcset(node, policy);
  const style = node.getAttribute('style');
  if (style !== null) {
    const filtered = filterCss(style, policy).trim();
    if (filtered === '') node.removeAttribute('style');
    else node.setAttribute('style', filtered);
  }
  const href = node.getAttribute('href');
  if (href !== null) {
    if (isSafeLinkUrl(href)) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else {
      node.removeAttribute('href');
    }
  }
  if (node.hasAttribute('src') || node.hasAttribute('srcset')) node.setAttribute('referrerpolicy', 'no-referrer');
}

/** srcset is kept only when every candidate is an allowed remote URL; it is never needed for cid. */
function filterSrcset(node: Element, policy: ResourcePolicy): void {
  const srcset = node.getAttribute('srcset');
  if (srcset === null) return;
  // Candidates are "url descriptor" separated by commas; data: URLs contain commas, but they
  // only need to be recognised as not remote, which their first candidate already shows.
  const urls = srcset.split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? '').filter((url) => url !== '');
  const remote = urls.filter((url) => classifyResourceUrl(url) === 'remote');
  const allRemote = urls.length > 0 && remote.length === urls.length;
  if (policy.allowRemote && allRemote) return;
  node.removeAttribute('srcset');
  if (!policy.allowRemote && remote.length > 0) policy.onBlockedRemote();
}
