import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startLinkEmulator, type LinkEmulator, type LinkEmulatorOptions } from '../../support/link-emulator.ts';

/**
 * Target server: echoes what it gets, except a line `SEND <bytes> <chunk>` which makes it
 * send that many bytes in writes of <chunk> bytes, and `BYE` which makes it send
 * `bye` and close cleanly.
 */
async function startTarget(): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      const text = chunk.toString('latin1');
      const send = /^SEND (\d+) (\d+)\n$/.exec(text);
      if (send) {
        const total = Number(send[1]);
        const size = Number(send[2]);
        for (let sent = 0; sent < total; sent += size) socket.write(Buffer.alloc(Math.min(size, total - sent), 0x61));
      } else if (text === 'BYE\n') {
        socket.end('bye');
      } else {
        socket.write(chunk);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emulate(profile: Omit<LinkEmulatorOptions, 'target'> = {}): Promise<{ link: LinkEmulator; client: Socket }> {
  const target = await startTarget();
  cleanups.push(() => new Promise((resolve) => target.server.close(() => resolve())));
  const link = await startLinkEmulator({ target: { host: '127.0.0.1', port: target.port }, ...profile });
  cleanups.push(() => link.close());
  const client = connect({ host: '127.0.0.1', port: link.port });
  client.setNoDelay(true);
  client.on('error', () => {});
  cleanups.push(async () => void client.destroy());
  await new Promise((resolve) => client.once('connect', resolve));
  return { link, client };
}

/** Resolves with the time (performance.now()) at which `count` bytes have arrived in total. */
function receive(client: Socket, count: number): Promise<{ at: number; bytes: Buffer }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= count) {
        client.off('data', onData);
        resolve({ at: performance.now(), bytes: Buffer.concat(chunks) });
      }
    };
    client.on('data', onData);
  });
}

function closed(client: Socket): Promise<{ error: string | undefined; bytes: Buffer }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    client.on('data', (chunk) => chunks.push(chunk));
    client.on('error', (e: NodeJS.ErrnoException) => (error = e.code));
    client.once('close', () => resolve({ error, bytes: Buffer.concat(chunks) }));
  });
}

describe('the link emulator', () => {
  it('carries bytes unchanged in both directions', async () => {
    const { client } = await emulate();
    const payload = randomBytes(300_000);
    const echoed = receive(client, payload.length);
    client.write(payload);
    expect((await echoed).bytes.equals(payload)).toBe(true);
  });

  it('adds its one-way delay in each direction, so a round trip takes about twice the delay', async () => {
    const { client } = await emulate({ delayMs: 60 });
    const start = performance.now();
    const echoed = receive(client, 5);
    client.write('ping\n');
    const rtt = (await echoed).at - start;
    expect(rtt).toBeGreaterThanOrEqual(119);
    expect(rtt).toBeLessThan(200);
  });

  it('delays each chunk by the propagation delay once, not once per chunk in sequence', async () => {
    const { client } = await emulate({ delayMs: 50 });
    const start = performance.now();
    const echoed = receive(client, 30 * 10);
    // 30 small writes 3 ms apart: a per-chunk sleep would take 30 × 100 ms.
    for (let i = 0; i < 30; i++) {
      client.write(Buffer.alloc(10, 0x62));
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const elapsed = (await echoed).at - start;
    expect(elapsed).toBeGreaterThanOrEqual(100);
    expect(elapsed).toBeLessThan(400);
  });

  it('paces 100 KB at 8 Mbit/s over about 100 ms, whether sent as one burst or as many small writes', async () => {
    for (const chunk of [100_000, 500]) {
      const { client } = await emulate({ bandwidthBitsPerSecond: 8_000_000 });
      const start = performance.now();
      const arrived = receive(client, 100_000);
      client.write(`SEND 100000 ${chunk}\n`);
      const elapsed = (await arrived).at - start;
      // 100 000 B × 8 / 8 Mbit/s = 100 ms down, plus the tiny request up.
      expect(elapsed, `chunks of ${chunk}`).toBeGreaterThanOrEqual(95);
      expect(elapsed, `chunks of ${chunk}`).toBeLessThan(180);
    }
  });

  it('combines bandwidth and delay: 50 KB at 4 Mbit/s behind 40 ms each way takes about 180 ms', async () => {
    const { client } = await emulate({ bandwidthBitsPerSecond: 4_000_000, delayMs: 40 });
    const start = performance.now();
    const arrived = receive(client, 50_000);
    client.write('SEND 50000 1000\n');
    const elapsed = (await arrived).at - start;
    // request up (40 ms) + 100 ms serialization + 40 ms down
    expect(elapsed).toBeGreaterThanOrEqual(175);
    expect(elapsed).toBeLessThan(280);
  });

  it('applies a new profile to bytes sent after the change', async () => {
    const { link, client } = await emulate({ delayMs: 100 });
    link.setProfile({ delayMs: 0 });
    const start = performance.now();
    const echoed = receive(client, 5);
    client.write('fast\n');
    expect((await echoed).at - start).toBeLessThan(50);
  });

  it('holds every byte during a stall, then releases them in order', async () => {
    const { link, client } = await emulate();
    link.stall(150);
    const start = performance.now();
    const echoed = receive(client, 6);
    client.write('abc');
    client.write('def');
    const { at, bytes } = await echoed;
    expect(at - start).toBeGreaterThanOrEqual(145);
    expect(bytes.toString()).toBe('abcdef');
  });

  it('resets every connection on cutAll', async () => {
    const { link, client } = await emulate();
    const echoed = receive(client, 3);
    client.write('hey');
    await echoed;
    const ended = closed(client);
    link.cutAll();
    expect((await ended).error).toBe('ECONNRESET');
  });

  it('delivers exactly n bytes downstream, then resets, after cutAfterBytes', async () => {
    const { link, client } = await emulate();
    link.cutAfterBytes('down', 12_345);
    const ended = closed(client);
    client.write('SEND 100000 4096\n');
    const { error, bytes } = await ended;
    expect(bytes.length).toBe(12_345);
    expect(error).toBe('ECONNRESET');
    expect(link.bytes().down).toBe(12_345);
  });

  it('counts the bytes it delivered in each direction', async () => {
    const { link, client } = await emulate();
    const arrived = receive(client, 2_000);
    client.write('SEND 2000 100\n');
    await arrived;
    expect(link.bytes()).toEqual({ up: 'SEND 2000 100\n'.length, down: 2_000 });
  });

  it('stops reading from the sender while the receiver does not read, and carries everything once it does', async () => {
    const { link, client } = await emulate();
    const total = 40_000_000;
    client.pause();
    client.write(`SEND ${total} 65536\n`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Kernel buffers take some megabytes; an emulator that buffered for the reader would take all 40 MB.
    const heldBack = link.bytes().down;
    expect(heldBack).toBeLessThan(total / 2);
    const arrived = receive(client, total);
    client.resume();
    expect((await arrived).bytes.byteLength).toBe(total);
  });

  it('passes a clean close through after the bytes before it', async () => {
    const { client } = await emulate({ delayMs: 30, bandwidthBitsPerSecond: 1_000_000 });
    const ended = closed(client);
    client.write('BYE\n');
    const { error, bytes } = await ended;
    expect(error).toBeUndefined();
    expect(bytes.toString()).toBe('bye');
  });
});
