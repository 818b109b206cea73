// What the reader shows for a message's HTML body while, and after, it is prepared off the
// UI thread (DESIGN.md invariant 10).
import type { HtmlCuts } from './bound-message-html.ts';

/** Why the reader shows text in place of the HTML. */
export type HtmlFallbackReason = 'size' | 'time' | 'error';

export type HtmlView =
  | { kind: 'none' }
  | { kind: 'pending' }
  /**
   * `rest`: 'none' when this is the whole body; 'offered' when it is the first part of a long
   * one (FIRST_PART_CHARS) and the whole is one click away; 'preparing' once that was asked.
   */
  | { kind: 'ready'; html: string; cuts: HtmlCuts; rest: 'none' | 'offered' | 'preparing' }
  | { kind: 'fallback'; reason: HtmlFallbackReason; text: string; truncated: boolean; insisted: boolean };
