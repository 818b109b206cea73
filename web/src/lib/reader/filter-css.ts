// Filters CSS from message HTML (a <style> element or a style attribute) so that it loads
// nothing remote unless allowed, resolves cid: images, and can never close its own element.
import { replaceUrlFunctions } from './css-url-functions.ts';
import { decodeCssEscapes } from './decode-css-escapes.ts';
import { resolveResource, type ResourcePolicy } from './resource-policy.ts';
import { classifyResourceUrl } from './resource-url.ts';

/**
 * CSS past this many characters in one style element or attribute is dropped, unread. Mail's
 * stylesheets are tens of kilobytes; a longer one costs time and gains nothing but styling,
 * and losing its tail can only load less (remote URLs in it are neither loaded nor counted).
 */
export const FILTERED_CSS_LIMIT = 256 * 1024;

// The patterns below run in time linear in the text (DESIGN.md invariant 10): each is anchored on
// a literal (a quote, `/*`, `@import`, `expression`) and fails at once anywhere else, and from
// it reads only to its closer or its own end, so no character is read more than twice.
// url( … ) had a lazy argument followed by `\s*` that reread every run of spaces for each
// character it grew by; css-url-functions.ts scans it instead.
// A string literal, which may be a URL: image-set("https://…"), src in @font-face. Each is
// judged as the URL parser reads it, so `"ht<TAB>tps://…"` (the parser drops the tab) is
// remote too.
const STRING_LITERAL = /(["'])([^"']*)\1?/g;

export function filterCss(css: string, policy: ResourcePolicy): string {
  // The browser decodes escapes before it recognises url( and image-set strings, so the
  // filter must see the same text.
  let text = decodeCssEscapes(css.slice(0, FILTERED_CSS_LIMIT));
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
  // IE's expression() and behavior, Firefox's -moz-binding: dead today, and never wanted. They
  // go before url( and strings are looked at, and leave a space, so that taking them out cannot
  // join `ur` and `l(` (or `"ht` and `tps:`) into something the checks below never saw.
  text = text.replace(/expression\s*\(|-moz-binding|behavior\s*:/gi, ' ');
  text = replaceUrlFunctions(text, (argument) => {
    const resolved = resolveResource(argument, policy);
    return resolved === null ? 'none' : `url("${resolved.replace(/["\\\n\r]/g, '')}")`;
  });
  text = text.replace(STRING_LITERAL, (match, _quote: string, url: string) => {
    if (classifyResourceUrl(url) !== 'remote') return match;
    if (policy.allowRemote) return match;
    policy.onBlockedRemote();
    return '""';
  });
  return text;
}
