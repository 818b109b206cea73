// Unicode's explicit directional formatting characters (UAX #9 §2): invisible, and able to
// reorder the text around them. `invoice<U+202E>fdp.exe` shows as "invoiceexe.pdf". Names
// from mail are shown inside an isolate (<bdi>), which keeps a control from reordering
// anything outside the name; in attachment names, which decide what a saved file does, the
// controls are also marked where they stand, and replaced by `_` in the saved name.

/** Each control, by code point, with the abbreviation UAX #9 uses for it. */
const BIDI_CONTROLS: ReadonlyMap<number, string> = new Map([
  [0x061c, 'ALM'],
  [0x200e, 'LRM'],
  [0x200f, 'RLM'],
  [0x202a, 'LRE'],
  [0x202b, 'RLE'],
  [0x202c, 'PDF'],
  [0x202d, 'LRO'],
  [0x202e, 'RLO'],
  [0x2066, 'LRI'],
  [0x2067, 'RLI'],
  [0x2068, 'FSI'],
  [0x2069, 'PDI'],
]);

const ANY_BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export type NamePart = { kind: 'text'; text: string } | { kind: 'bidi-control'; abbreviation: string; codePoint: string };

/** `text` with each control replaced by `replacement` (by default, left out). */
export function stripBidiControls(text: string, replacement = ''): string {
  return text.replace(ANY_BIDI_CONTROL, replacement);
}

export function hasBidiControls(text: string): boolean {
  return text.search(ANY_BIDI_CONTROL) !== -1;
}

/** The text as runs of plain text, with each control as a part of its own to show visibly. */
export function revealBidiControls(text: string): NamePart[] {
  const parts: NamePart[] = [];
  let copied = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const abbreviation = BIDI_CONTROLS.get(code);
    if (abbreviation === undefined) continue;
    if (index > copied) parts.push({ kind: 'text', text: text.slice(copied, index) });
    parts.push({ kind: 'bidi-control', abbreviation, codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}` });
    copied = index + 1;
  }
  if (copied < text.length) parts.push({ kind: 'text', text: text.slice(copied) });
  return parts;
}
