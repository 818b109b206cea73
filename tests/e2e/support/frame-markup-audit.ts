/**
 * What the sanitizer let into the message frame, read from the frame's live DOM: anything
 * that could run script, load something, or move a window. It catches what waiting cannot
 * (a meta refresh ten seconds out, a handler that needs a gesture) and tells "DOMPurify held"
 * apart from "the sandbox or the CSP caught it".
 */
import type { Frame } from '@playwright/test';

export interface MarkupFinding {
  what: string;
  markup: string;
}

/** Runs in the frame, serialized by Playwright: it may use nothing from this module's scope. */
function auditMarkup(allowRemote: boolean): MarkupFinding[] {
  // Through the prototypes: unsanitized markup can clobber document.body, an element's
  // attributes (a form's named controls) and the like.
  const getter = (proto: object, name: string) => {
    const get = Object.getOwnPropertyDescriptor(proto, name)?.get;
    if (get === undefined) throw new Error(`no ${name} getter`);
    return (self: unknown) => get.call(self) as unknown;
  };
  const bodyOf = getter(Document.prototype, 'body');
  const localNameOf = getter(Element.prototype, 'localName') as (e: Element) => string;
  const attributesOf = getter(Element.prototype, 'attributes') as (e: Element) => NamedNodeMap;
  const outerHtmlOf = getter(Element.prototype, 'outerHTML') as (e: Element) => string;
  const textOf = getter(Node.prototype, 'textContent') as (n: Node) => string | null;
  const findings: MarkupFinding[] = [];
  const note = (what: string, element: Element) => findings.push({ what, markup: outerHtmlOf(element).slice(0, 200) });
  const body = bodyOf(document) as HTMLElement | null;
  // The frame document's own head (CSP meta, base target, style) is the app's, not the message's.
  const elements = body === null ? [] : [body, ...Array.from(Element.prototype.querySelectorAll.call(body, '*'))];
  // Not <source> (a <picture>'s image candidates) or <template> (inert: never rendered, never run).
  const active = /^(script|iframe|frame|frameset|object|embed|applet|portal|form|input|button|textarea|select|meta|base|link|noscript|svg|math|audio|video|track|dialog|use|image|foreignobject|animate|set|handler|listener)$/i;
  // Dead CSS that once ran script; `-o-link:'javascript:…'` is inert text in Chromium and stays.
  const scriptedCss = /expression\s*\(|behavior\s*:|-moz-binding|url\(\s*['"]?\s*javascript:/i;
  const script = /^\s*(javascript|vbscript|livescript|data\s*:\s*(text|application))/i;
  const remote = /^\s*(https?:|\/\/)/i;
  for (const element of elements) {
    const localName = localNameOf(element);
    if (element !== body && active.test(localName)) note(`<${localName}> element`, element);
    for (const attribute of Array.from(attributesOf(element))) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\u0000-\u0020]/g, '');
      if (name.startsWith('on')) note(`${name} handler`, element);
      else if (/(^|:)(href|src|action|formaction|data|poster|background|lowsrc|dynsrc|xlink:href|srcdoc)$/.test(name) && script.test(value)) note(`${name}=${value.slice(0, 20)}`, element);
      else if (name === 'target' && !/^_blank$/i.test(attribute.value)) note(`target=${attribute.value}`, element);
      else if (name === 'http-equiv' || name === 'ping' || name === 'srcdoc') note(name, element);
      else if (!allowRemote && /^(src|srcset|background|poster|lowsrc|dynsrc)$/.test(name) && remote.test(value)) note(`remote ${name} before Show remote content`, element);
      else if (name === 'style' && scriptedCss.test(attribute.value)) note('scripted style', element);
      else if (!allowRemote && name === 'style' && /url\(\s*['"]?\s*(https?:|\/\/)/i.test(attribute.value)) note('remote url() in style before Show remote content', element);
    }
    const css = localName === 'style' ? (textOf(element) ?? '') : '';
    if (/@import/i.test(css) || scriptedCss.test(css)) note('scripted or importing <style>', element);
    if (!allowRemote && /url\(\s*['"]?\s*(https?:|\/\/)/i.test(css)) note('remote url() in <style> before Show remote content', element);
  }
  return findings;
}

export async function auditFrameMarkup(frame: Frame, options: { allowRemote: boolean }): Promise<MarkupFinding[]> {
  return frame.evaluate(auditMarkup, options.allowRemote);
}
