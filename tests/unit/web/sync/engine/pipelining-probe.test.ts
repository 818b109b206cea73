import { describe, expect, it } from 'vitest';
import type { ByteChannel } from '../../../../../shared/pop3/index.ts';
import { pipeliningProbe } from '../../../../../web/src/lib/sync/engine/pipelining-probe.ts';

/** A channel whose reads the test answers by hand, recording what was written. */
function handChannel(): ByteChannel & { written: string[]; answer(bytes: string | null): void; closed: boolean } {
  let pending: ((bytes: Uint8Array | null) => void) | null = null;
  const channel = {
    written: [] as string[],
    closed: false,
    write: (bytes: Uint8Array) => void channel.written.push(new TextDecoder().decode(bytes)),
    read: () => new Promise<Uint8Array | null>((resolve) => (pending = resolve)),
    close: () => void (channel.closed = true),
    answer: (bytes: string | null) => pending?.(bytes === null ? null : new TextEncoder().encode(bytes)),
  };
  return channel;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('pipeliningProbe', () => {
  it('sends a NOOP once the server has been silent long enough while a pipelined answer is due, and ends the session at the next byte', async () => {
    const inner = handChannel();
    let silent = 0;
    const channel = pipeliningProbe(inner, { silenceMs: 40, awaitingPipelinedAnswer: () => true, serverSilentForMs: () => silent });
    const read = channel.read();
    await sleep(60);
    expect(inner.written).toEqual([]); // the link was down, or the server spoke: its silence is 0
    silent = 40;
    await sleep(40);
    expect(inner.written).toEqual(['NOOP\r\n']);
    inner.answer('+OK\r\n');
    await expect(read).rejects.toMatchObject({ code: 'SYNC_ERR_PIPELINING_STALLED' });
    expect(inner.closed).toBe(true);
  });

  it('never probes while no pipelined answer is due, or while the server has not been silent that long', async () => {
    for (const [awaiting, silent] of [[false, 1_000], [true, 19]] as const) {
      const inner = handChannel();
      const channel = pipeliningProbe(inner, { silenceMs: 20, awaitingPipelinedAnswer: () => awaiting, serverSilentForMs: () => silent });
      const read = channel.read();
      await sleep(60);
      inner.answer('+OK late\r\n');
      expect(new TextDecoder().decode((await read)!)).toBe('+OK late\r\n');
      expect(inner.written).toEqual([]);
    }
  });

  it('passes bytes through untouched when they come before the silence is up', async () => {
    const inner = handChannel();
    const channel = pipeliningProbe(inner, { silenceMs: 1_000, awaitingPipelinedAnswer: () => true, serverSilentForMs: () => 0 });
    const read = channel.read();
    inner.answer('+OK\r\n');
    expect(new TextDecoder().decode((await read)!)).toBe('+OK\r\n');
    channel.write(Uint8Array.of(0x41));
    expect(inner.written).toEqual(['A']);
  });
});
