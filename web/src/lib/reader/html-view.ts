// What the reader shows for a message's HTML body while, and after, it is prepared off the
// UI thread (DESIGN.md invariant 10).
import type { HtmlCuts } from './bound-message-html.ts';

/** Why the reader shows text in place of the HTML. */
export type HtmlFallbackReason = 'size' | 'time' | 'error';

export type HtmlView =
  | { kind: 'none' }
  | { kind: 'pending' }
  | { kind: 'ready'; html: string; cuts: HtmlCuts }
  | { kind: 'fallback'; reason: HtmlFallbackReason; text: string; truncated: boolean; insisted: boolean };
