// The searched words marked inside a message's sanitized HTML, before it is serialized for the
// sandboxed frame (reader/sanitize-message-html.ts). Only text nodes are touched: each one that
// holds a searched word is replaced by text nodes and <mark> elements built with the DOM, so no
// markup is ever parsed from text, the frame keeps its sandbox and CSP, and nothing of the
// message's own markup changes.
import { highlightRuns } from './highlight.ts';

/** NodeFilter.SHOW_TEXT, FILTER_ACCEPT and FILTER_REJECT (numeric: no DOM globals needed here). */
const SHOW_TEXT = 0x4;
const ACCEPT = 1;
const REJECT = 2;
/** Marks per message at most: each is an element for the frame to lay out. */
const MAX_MARKS = 2_000;
/** Text that is not shown as text. */
const NOT_PROSE = 'style, script, textarea, title, mark';

export function markTextNodes(root: Element, terms: readonly string[]): void {
  if (terms.length === 0) return;
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, SHOW_TEXT, { acceptNode: (node) => (node.parentElement?.closest(NOT_PROSE) ? REJECT : ACCEPT) });
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) texts.push(node as Text);
  let marks = 0;
  for (const text of texts) {
    const runs = highlightRuns(text.data, terms);
    if (!runs.some((run) => run.marked)) continue;
    const fragment = doc.createDocumentFragment();
    for (const run of runs) {
      if (!run.marked) {
        fragment.append(doc.createTextNode(run.text));
        continue;
      }
      const mark = doc.createElement('mark');
      mark.textContent = run.text;
      fragment.append(mark);
      marks++;
    }
    text.replaceWith(fragment);
    if (marks >= MAX_MARKS) return;
  }
}
