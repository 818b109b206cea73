import { describe, expect, it } from 'vitest';
import { hasBidiControls, revealBidiControls, stripBidiControls } from '../../../../web/src/lib/reader/bidi-controls.ts';

const EVERY_CONTROL = '\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';

describe('bidi controls', () => {
  it('strips every explicit directional control and nothing else', () => {
    expect(stripBidiControls(`in${EVERY_CONTROL}voice.pdf`)).toBe('invoice.pdf');
    expect(stripBidiControls('שלום مرحبا \u200b\u00ad ok')).toBe('שלום مرحبا \u200b\u00ad ok');
    expect(stripBidiControls('invoice\u202efdp.exe', '_')).toBe('invoice_fdp.exe');
  });

  it('tells whether a name holds any', () => {
    expect(hasBidiControls('invoice\u202efdp.exe')).toBe(true);
    expect(hasBidiControls('שלום.pdf')).toBe(false);
  });

  it('marks each control where it stands, by its UAX #9 abbreviation and code point', () => {
    expect(revealBidiControls('invoice\u202efdp.exe')).toEqual([
      { kind: 'text', text: 'invoice' },
      { kind: 'bidi-control', abbreviation: 'RLO', codePoint: 'U+202E' },
      { kind: 'text', text: 'fdp.exe' },
    ]);
    expect(revealBidiControls(EVERY_CONTROL).map((part) => (part.kind === 'bidi-control' ? part.abbreviation : part.text))).toEqual(['ALM', 'LRM', 'RLM', 'LRE', 'RLE', 'PDF', 'LRO', 'RLO', 'LRI', 'RLI', 'FSI', 'PDI']);
    expect(revealBidiControls('plain.txt')).toEqual([{ kind: 'text', text: 'plain.txt' }]);
    expect(revealBidiControls('')).toEqual([]);
  });
});
