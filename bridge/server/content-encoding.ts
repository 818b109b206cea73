/** The content codings the build writes next to each asset (web/build/precompress.ts), best first. */
export const PRECOMPRESSED = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const;

export type PrecompressedCoding = (typeof PRECOMPRESSED)[number]['coding'];

/** Longer than any real Accept-Encoding; a header past it is read as "identity only". */
const MAX_HEADER_CHARS = 1_024;

/**
 * The quality the client gives each coding in its Accept-Encoding (RFC 9110 §12.5.3): `q=0`
 * refuses a coding, `*` stands for every coding not named, and no header means identity only
 * (the RFC allows any coding then, but a client that says nothing may not be able to decode).
 * Linear in the header's length, which is capped.
 */
export function acceptedQualities(header: string | string[] | undefined): Map<string, number> {
  const qualities = new Map<string, number>();
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  if (text.length > MAX_HEADER_CHARS) return qualities;
  for (const element of text.split(',')) {
    const [name = '', ...params] = element.split(';');
    const named = name.trim().toLowerCase();
    if (named === '') continue;
    const coding = named === 'x-gzip' ? 'gzip' : named; // RFC 9110 §8.4.1.3
    let quality = 1;
    for (const param of params) {
      const [key = '', value = ''] = param.split('=');
      if (key.trim().toLowerCase() !== 'q') continue;
      // RFC 9110 §12.4.2: qvalue = 0[.ddd] / 1[.000]; anything else is read as a refusal.
      quality = /^\s*(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$/.test(value) ? Number(value) : 0;
    }
    qualities.set(coding, quality);
  }
  return qualities;
}

/**
 * The precompressed coding to send, or null for the file as it is. Among the codings the
 * client accepts with q > 0 (by name, or through `*` when not named), the one it rates highest;
 * on a tie, Brotli before gzip, since it is smaller.
 */
export function chooseCoding(header: string | string[] | undefined, available: ReadonlySet<PrecompressedCoding>): PrecompressedCoding | null {
  const qualities = acceptedQualities(header);
  let best: PrecompressedCoding | null = null;
  let bestQuality = 0;
  for (const { coding } of PRECOMPRESSED) {
    if (!available.has(coding)) continue;
    const quality = qualities.get(coding) ?? qualities.get('*') ?? 0;
    if (quality > bestQuality) {
      best = coding;
      bestQuality = quality;
    }
  }
  return best;
}
