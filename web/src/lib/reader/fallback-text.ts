// The text the reader's fallback shows, cut to what the app's document lays out quickly.
import { FALLBACK_LINE_CAP, FALLBACK_TEXT_CAP } from './html-bounds.ts';

export interface FallbackText {
  text: string;
  truncated: boolean;
}

export function capFallbackText(text: string, truncated = false): FallbackText {
  let end = Math.min(text.length, FALLBACK_TEXT_CAP);
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) {
    lines += 1;
    if (lines >= FALLBACK_LINE_CAP) {
      end = at;
      break;
    }
  }
  return { text: text.slice(0, end), truncated: truncated || end < text.length };
}
