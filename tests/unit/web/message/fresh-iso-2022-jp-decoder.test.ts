import { describe, expect, it } from 'vitest';
import { installFreshIso2022JpDecoder } from '../../../../web/src/lib/message/fresh-iso-2022-jp-decoder.ts';

// "こん" in ISO-2022-JP: ESC $ B, two JIS X 0208 characters, ESC ( B.
const KONN = new Uint8Array([0x1b, 0x24, 0x42, 0x24, 0x33, 0x24, 0x73, 0x1b, 0x28, 0x42]);

/** Behaves as Chromium's decoder does: state leaks past a finished decode() into the next one. */
class LeakyTextDecoder extends TextDecoder {
  #finishedOnce = false;
  override decode(input?: AllowSharedBufferSource, options?: TextDecodeOptions): string {
    const leaks = this.encoding === 'iso-2022-jp' && this.#finishedOnce;
    const text = super.decode(input, options);
    if (!options?.stream) this.#finishedOnce = true;
    return leaks ? `\uFFFD${text}` : text;
  }
}

function scopeWithLeakyDecoder(): { TextDecoder: typeof TextDecoder } {
  return { TextDecoder: LeakyTextDecoder };
}

describe('installFreshIso2022JpDecoder', () => {
  it('decodes ISO-2022-JP the same on every call of a shared decoder', () => {
    const scope = scopeWithLeakyDecoder();
    installFreshIso2022JpDecoder(scope);
    const decoder = new scope.TextDecoder('iso-2022-jp');
    expect([decoder.decode(KONN), decoder.decode(KONN), decoder.decode(KONN)]).toEqual(['こん', 'こん', 'こん']);
  });

  it('shows the leak it exists for when it is not installed', () => {
    const decoder = new (scopeWithLeakyDecoder().TextDecoder)('iso-2022-jp');
    decoder.decode(KONN);
    expect(decoder.decode(KONN)).toBe('\uFFFDこん');
  });

  it('leaves other charsets and streaming decodes to the native decoder', () => {
    const scope = scopeWithLeakyDecoder();
    installFreshIso2022JpDecoder(scope);
    const utf8 = new scope.TextDecoder('utf-8');
    expect(utf8.decode(new TextEncoder().encode('é'))).toBe('é');
    const streaming = new scope.TextDecoder('iso-2022-jp');
    const first = streaming.decode(KONN.subarray(0, 5), { stream: true });
    expect(first + streaming.decode(KONN.subarray(5))).toBe('こん');
    expect(streaming.decode(KONN)).toBe('こん');
  });

  it('installs once, however often it is called', () => {
    const scope = scopeWithLeakyDecoder();
    installFreshIso2022JpDecoder(scope);
    const installed = scope.TextDecoder;
    installFreshIso2022JpDecoder(scope);
    expect(scope.TextDecoder).toBe(installed);
  });
});
