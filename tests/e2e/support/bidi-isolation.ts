/**
 * How the page isolates a piece of text for the Unicode bidi algorithm: the nearest element
 * around it that starts an isolate (a <bdi>, or computed `unicode-bidi` isolate,
 * isolate-override or plaintext). A bidi control inside that element cannot reorder anything
 * outside it, so a name is safe when its isolate holds the name and nothing else.
 */
import type { Locator } from '@playwright/test';

export interface TextIsolate {
  /** The isolating element's tag and computed unicode-bidi, e.g. "BDI isolate". */
  element: string;
  /** Everything inside the isolate, which the text's bidi controls can reorder. */
  text: string;
}

/** The Unicode bidi controls (UAX #9 §2), which no name should show raw or be saved with. */
export const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** The isolate around the first text node under `root` that contains `text`; null if none. */
export async function isolateAround(root: Locator, text: string): Promise<TextIsolate | null> {
  return root.evaluate((rootElement, wanted) => {
    const walker = rootElement.ownerDocument.createTreeWalker(rootElement, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    while (node !== null && !(node.nodeValue ?? '').includes(wanted)) node = walker.nextNode();
    for (let element = node?.parentElement ?? null; element !== null; element = element.parentElement) {
      const unicodeBidi = getComputedStyle(element).unicodeBidi;
      if (element.tagName === 'BDI' || ['isolate', 'isolate-override', 'plaintext'].includes(unicodeBidi)) {
        return { element: `${element.tagName} ${unicodeBidi}`, text: element.textContent ?? '' };
      }
    }
    return null;
  }, text);
}
