// What the message Worker does for one opened message, in order, so the reader can show
// something at each step: parse the MIME, render the HTML as text (quick), then bound the
// HTML (slower); a long HTML body has its first part bounded before the text, so the reader
// draws it at once, and the whole only when asked. Runs unchanged in the Worker and, where
// there is no Worker (unit tests), in the page.
import { boundMessageHtml } from './bound-message-html.ts';
import { firstPartOf } from './first-part.ts';
import { FALLBACK_TEXT_CAP, FIRST_PART_CHARS, HTML_SIZE_BUDGET } from './html-bounds.ts';
import { htmlToText } from './html-to-text.ts';
import type { FromMessageWorker } from './message-worker-protocol.ts';
import { parseMessage } from '../message/parse-message.ts';
import type { RawMessage } from '../storage/index.ts';

export interface MessageJobRun {
  /** Call after 'html-over-size', or after a first part, to bound the whole HTML. */
  boundAnyway(): void;
}

export function runMessageJob(raw: RawMessage, post: (message: FromMessageWorker) => void): MessageJobRun {
  let html: string | null = null;
  let bounded = false;
  const bound = () => {
    if (html === null || bounded) return;
    bounded = true;
    try {
      const result = boundMessageHtml(html);
      post({ type: 'bounded-html', html: result.html, cuts: result.cuts, partial: false });
    } catch (error) {
      post({ type: 'failed', stage: 'bound', detail: String(error) });
    }
  };
  const boundFirstPart = (whole: string) => {
    try {
      const result = boundMessageHtml(firstPartOf(whole, FIRST_PART_CHARS));
      post({ type: 'bounded-html', html: result.html, cuts: result.cuts, partial: true });
    } catch (error) {
      post({ type: 'failed', stage: 'bound', detail: String(error) });
    }
  };
  void (async () => {
    try {
      const message = await parseMessage(raw);
      html = message.html !== null && message.html.trim() !== '' ? message.html : null;
      post({ type: 'parsed', message: { ...message, html: null }, hasHtml: html !== null, htmlChars: html?.length ?? 0 });
    } catch (error) {
      post({ type: 'failed', stage: 'parse', detail: String(error) });
      return;
    }
    if (html === null) return;
    const long = html.length > FIRST_PART_CHARS && html.length <= HTML_SIZE_BUDGET;
    if (long) boundFirstPart(html);
    post({ type: 'html-text', ...htmlToText(html, FALLBACK_TEXT_CAP) });
    if (html.length > HTML_SIZE_BUDGET) post({ type: 'html-over-size', chars: html.length });
    else if (!long) bound();
  })();
  return { boundAnyway: bound };
}
