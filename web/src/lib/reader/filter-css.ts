// Filters CSS from message HTML (a <style> element or a style attribute) so that it loads
// nothing remote unless allowed, resolves cid: images, and can never close its own element.
import { resolveResource, type ResourcePolicy } from './resource-policy.ts';
import { classifyResourceUrl } from './resource-url.ts';

/**
 * CSS escapes (`\75 rl(`, `\68ttp`) are decoded first: the browser decodes them before it
 * recognises url( and image-set strings, so the filter must see the same text.
 */
function decodeCssEscapes(css: string): string {
  return css.replace(/\\(?:([0-9a-f]{1,6})[ \t\n\r\f]?|\r\n|\n|\r|\f|([\s\S]))/gi, (_match, hex: string | undefined, char: string | undefined) => {
    if (hex !== undefined) {
      const code = parseInt(hex, 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
    }
    return char ?? '';
  });
}

// url( … ) with a quoted or bare argument; an unclosed one at the end still counts, because CSS
// closes it at end of input.
const URL_FUNCTION = /url\(\s*(?:"([^"]*)"?|'([^']*)'?|([^)]*?))\s*(?:\)|$)/gi;
// A string literal that starts with a remote URL: image-set("https://…"), src in @font-face.
const REMOTE_STRING = /(["'])\s*((?:https?:|\/\/)[^"']*)\1?/gi;

export function filterCss(css: string, policy: ResourcePolicy): string {
  let text = decodeCssEscapes(css);
  // Decoding once leaves a backslash wherever the source escaped one (`\\75 rl(`), and the
  // browser would decode that into url( after we looked. The output carries no escapes at
  // all, so every backslash left is dropped.
  text = text.replace(/\\/g, '');
  // `<` has no use in CSS and `</style>` inside a style element would break out of it.
  text = text.replace(/</g, '');
  // Comments are removed so they cannot split a url( token the patterns below must see.
  text = text.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '');
  // @import always goes: remote stylesheets are refused by the app's CSP anyway, so allowing
  // them would only offer a button that changes nothing.
  text = text.replace(/@import[^;]*;?/gi, '');
  text = text.replace(URL_FUNCTION, (_match, double?: string, single?: string, bare?: string) => {
    const resolved = resolveResource(double ?? single ?? bare ?? '', policy);
    return resolved === null ? 'none' : `url("${resolved.replace(/["\\\n\r]/g, '')}")`;
  });
  text = text.replace(REMOTE_STRING, (match, _quote: string, url: string) => {
    if (classifyResourceUrl(url) !== 'remote') return match;
    if (policy.allowRemote) return match;
    policy.onBlockedRemote();
    return '""';
  });
  // IE's expression() and behavior, Firefox's -moz-binding: dead today, and never wanted.
  text = text.replace(/expression\s*\(|-moz-binding|behavior\s*:/gi, '');
  return text;
}
