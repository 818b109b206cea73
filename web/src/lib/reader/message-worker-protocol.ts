// Messages between the reader and its message Worker, a union tagged by `type` (STYLE.md).
// Errors travel as data.
import type { RawMessage } from '../storage/index.ts';
import type { HtmlCuts } from './bound-message-html.ts';
import type { ParsedMessage } from '../message/parse-message.ts';

export type ToMessageWorker =
  | { type: 'open'; raw: RawMessage }
  /** After 'html-over-size', or after the first part of a long body: bound the whole HTML (the user asked for it). */
  | { type: 'bound-html' };

export type FromMessageWorker =
  /**
   * The HTML itself stays in the Worker (cloning 10 MB of it into the page cost a main-thread
   * task); the page gets its bounded form or its text in the replies that follow.
   */
  | { type: 'parsed'; message: ParsedMessage & { html: null }; hasHtml: boolean; htmlChars: number }
  /** The HTML body as text, for the reader's fallback; sent before the HTML is bounded. */
  | { type: 'html-text'; text: string; truncated: boolean }
  | { type: 'html-over-size'; chars: number }
  /** `partial`: only the first part of a long body (FIRST_PART_CHARS); the whole follows 'bound-html'. */
  | { type: 'bounded-html'; html: string; cuts: HtmlCuts; partial: boolean }
  | { type: 'failed'; stage: 'parse' | 'bound'; detail: string };
