/**
 * The emulated links the targets are stated for. Each direction gets delayMs, so RTT = 2 × delayMs.
 * `messages: 'full'` means the whole generated mailbox (2,000, or 300 with --quick); the
 * satellite profile always uses 300, as the reference figures do; 'corpus' is the
 * shared corpus of real-world mail (../shared/corpus, 563 messages), whatever --quick says.
 */
interface FaultPlan {
  /** Hold every byte for this long once the download is this far (fraction of raw bytes). */
  stall: { atFraction: number; ms: number };
  /** Reset the connection in the middle of the first large message past this fraction. */
  cutNearFraction: number;
}

export interface BenchProfile {
  name: string;
  label: string;
  delayMs: number;
  bandwidthBitsPerSecond: number;
  messages: 'full' | 300 | 'corpus';
  faults?: FaultPlan;
}

const MBIT = 1_000_000;

export const PROFILES: readonly BenchProfile[] = [
  { name: 'loopback', label: 'loopback', delayMs: 0, bandwidthBitsPerSecond: Infinity, messages: 'full' },
  { name: 'rtt100', label: '100 ms RTT', delayMs: 50, bandwidthBitsPerSecond: Infinity, messages: 300 },
  { name: 'rtt100-8mbit', label: '100 ms RTT + 8 Mbit/s', delayMs: 50, bandwidthBitsPerSecond: 8 * MBIT, messages: 'full' },
  { name: 'satellite', label: '600 ms RTT + 1 Mbit/s', delayMs: 300, bandwidthBitsPerSecond: 1 * MBIT, messages: 300 },
  {
    name: 'outage-cut',
    label: '100 ms RTT + 8 Mbit/s, 20 s outage + cut mid-message',
    delayMs: 50,
    bandwidthBitsPerSecond: 8 * MBIT,
    messages: 'full',
    faults: { stall: { atFraction: 0.25, ms: 20_000 }, cutNearFraction: 0.5 },
  },
  // Real mail from other projects: odd charsets, broken MIME, bare LF, compressing as real mail does.
  { name: 'corpus-8mbit', label: 'shared corpus, 100 ms RTT + 8 Mbit/s', delayMs: 50, bandwidthBitsPerSecond: 8 * MBIT, messages: 'corpus' },
];

export const PROFILE_NAMES = PROFILES.map((profile) => profile.name);

export function rttMs(profile: Pick<BenchProfile, 'delayMs'>): number {
  return 2 * profile.delayMs;
}
