// CSS escapes (`\75 rl(`, `\68ttp`) decoded the way the browser decodes them before it
// recognises url( and image-set strings (CSS Syntax §4.3.7), in one pass over the text.

const REPLACEMENT_CHARACTER = '\ufffd';
const MAX_HEX_DIGITS = 6;

/** The value of a hex digit's code unit, or -1. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/** The one whitespace a hex escape may swallow: space, tab, LF, CR, FF. */
function isEscapeTerminator(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c;
}

function codePointText(code: number): string {
  return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? REPLACEMENT_CHARACTER : String.fromCodePoint(code);
}

export function decodeCssEscapes(css: string): string {
  let decoded = '';
  let copied = 0;
  let backslash = css.indexOf('\\');
  // A backslash that ends the text escapes nothing and stays.
  while (backslash !== -1 && backslash + 1 < css.length) {
    decoded += css.slice(copied, backslash);
    const next = css.charCodeAt(backslash + 1);
    let end = backslash + 1;
    if (hexValue(next) !== -1) {
      let code = 0;
      for (let digit = hexValue(next); digit !== -1 && end - backslash <= MAX_HEX_DIGITS; digit = hexValue(css.charCodeAt(end))) {
        code = code * 16 + digit;
        end++;
      }
      decoded += codePointText(code);
      if (end < css.length && isEscapeTerminator(css.charCodeAt(end))) end++;
    } else if (next === 0x0d && css.charCodeAt(backslash + 2) === 0x0a) {
      end = backslash + 3; // an escaped newline is a line continuation and leaves nothing
    } else if (next === 0x0a || next === 0x0d || next === 0x0c) {
      end = backslash + 2;
    } else {
      // Any other character stands for itself. One UTF-16 unit: the other half of a surrogate
      // pair is copied next, unchanged.
      decoded += css[backslash + 1]!;
      end = backslash + 2;
    }
    copied = end;
    backslash = css.indexOf('\\', end);
  }
  return decoded + css.slice(copied);
}
