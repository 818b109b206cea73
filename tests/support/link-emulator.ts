/**
 * A userspace TCP proxy that behaves like a slow, unreliable link (tc netem is not
 * available here): propagation delay and bandwidth per direction (see link-path.ts), and,
 * on cue, a hard cut of every connection, a stall, or a cut after a byte budget.
 * The same emulator sits in front of Satchel's bridge and of mpop/fetchmail, so they are
 * compared on equal terms.
 *
 * Directions: `up` is client → target, `down` is target → client.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { LinkPath, type PathProfile } from './link-path.ts';

export interface LinkProfile {
  /** One-way delay, applied in each direction (RTT ≈ 2 × delayMs). Default 0. */
  delayMs?: number;
  /** Bit rate of each direction. Default unlimited. */
  bandwidthBitsPerSecond?: number;
}

export interface LinkEmulatorOptions extends LinkProfile {
  target: { host: string; port: number };
  /** Also kept up to date with the bytes delivered, [up, down]: a view of shared memory, for a reader on another thread. */
  countInto?: Float64Array;
}

export type LinkDirection = 'up' | 'down';

export interface LinkEmulator {
  /** Listens on 127.0.0.1. */
  port: number;
  /** Applies to bytes sent from now on; bytes in flight keep their timing. Omitted fields stay; pass Infinity for unlimited bandwidth. */
  setProfile(profile: LinkProfile): void;
  /** Resets (RST) every open connection, both sides, dropping bytes in flight. */
  cutAll(): void;
  /** Holds every byte in both directions for `ms`, then releases them in order. */
  stall(ms: number): void;
  /**
   * After `n` more bytes have been delivered in `direction` (counted from this call, over
   * all connections), delivers exactly up to the n-th byte and resets that connection.
   * One-shot; a later call replaces an earlier one.
   */
  cutAfterBytes(direction: LinkDirection, n: number): void;
  /** Bytes delivered through the emulator since it started, per direction. */
  bytes(): { up: number; down: number };
  close(): Promise<void>;
}

/** Above this many bytes queued in one direction, stop reading from its source. */
const HIGH_WATER_BYTES = 1024 * 1024;

function toPathProfile(profile: LinkProfile): PathProfile {
  return {
    delayMs: profile.delayMs ?? 0,
    bandwidthBitsPerSecond: profile.bandwidthBitsPerSecond ?? Number.POSITIVE_INFINITY,
  };
}

function reset(socket: Socket): void {
  if (socket.destroyed) return;
  // RST, not FIN: a cut link does not say goodbye. resetAndDestroy needs a connected socket.
  if (socket.readyState === 'open' || socket.readyState === 'readOnly' || socket.readyState === 'writeOnly') {
    socket.resetAndDestroy();
  } else {
    socket.destroy();
  }
}

export async function startLinkEmulator(options: LinkEmulatorOptions): Promise<LinkEmulator> {
  let profile = toPathProfile(options);
  let heldUntil = 0;
  const delivered = { up: 0, down: 0 };
  let budget: { direction: LinkDirection; remaining: number } | undefined;
  const connections = new Set<{ cut(): void; reschedule(): void }>();

  // allowHalfOpen: a FIN from one side must travel through the emulated path like any byte,
  // not make Node end the other direction at once while bytes are still in flight.
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ host: options.target.host, port: options.target.port, allowHalfOpen: true });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    let cut = false;

    const cutConnection = () => {
      if (cut) return;
      cut = true;
      up.close();
      down.close();
      reset(client);
      reset(upstream);
      connections.delete(connection);
    };
    /** Stops forwarding now, writes `last` to `sink`, and resets once it has gone out. */
    const cutAfterWriting = (sink: Socket, last: Uint8Array) => {
      up.close();
      down.close();
      // A reset discards unsent data; give loopback a moment to carry the last bytes over.
      const later = () => setTimeout(cutConnection, 20);
      if (sink.destroyed || last.byteLength === 0) later();
      else sink.write(last, later);
    };

    const makePath = (direction: LinkDirection, source: Socket, sink: Socket): LinkPath => {
      // Read on only while both the path and the far end's socket have room: a link carries no
      // more than its reader takes, and an emulator that buffered for a slow reader would show
      // the sender a faster link than there is.
      const resumeIfRoom = () => {
        if (source.isPaused() && path.queuedBytes < HIGH_WATER_BYTES / 2 && !sink.writableNeedDrain) source.resume();
      };
      const path: LinkPath = new LinkPath({
        profile: () => profile,
        heldUntil: () => heldUntil,
        deliver: (bytes) => {
          let allowed = bytes;
          let exhausted = false;
          if (budget && budget.direction === direction) {
            if (bytes.byteLength >= budget.remaining) {
              allowed = bytes.subarray(0, budget.remaining);
              exhausted = true;
              budget = undefined;
            } else {
              budget.remaining -= bytes.byteLength;
            }
          }
          delivered[direction] += allowed.byteLength;
          if (options.countInto) options.countInto[direction === 'up' ? 0 : 1] = delivered[direction];
          if (exhausted) {
            cutAfterWriting(sink, allowed);
            return false;
          }
          if (!sink.destroyed) sink.write(allowed);
          resumeIfRoom();
          return true;
        },
        end: () => {
          if (!sink.destroyed) sink.end();
        },
      });
      source.on('data', (chunk: Buffer) => {
        path.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if (path.queuedBytes > HIGH_WATER_BYTES || sink.writableNeedDrain) source.pause();
      });
      sink.on('drain', resumeIfRoom);
      source.on('end', () => path.pushEnd());
      return path;
    };

    const up = makePath('up', client, upstream);
    const down = makePath('down', upstream, client);
    const connection = {
      cut: cutConnection,
      reschedule: () => {
        up.reschedule();
        down.reschedule();
      },
    };
    connections.add(connection);

    // A reset or error on either side is passed on as a reset of the other.
    for (const socket of [client, upstream]) {
      socket.on('error', cutConnection);
      socket.on('close', () => {
        // Both sides closed cleanly (FIN both ways): forget the connection.
        if (client.destroyed && upstream.destroyed) connections.delete(connection);
      });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('link-emulator: no TCP address');

  return {
    port: address.port,
    setProfile(next) {
      profile = toPathProfile({
        delayMs: next.delayMs ?? profile.delayMs,
        bandwidthBitsPerSecond: next.bandwidthBitsPerSecond ?? profile.bandwidthBitsPerSecond,
      });
    },
    cutAll() {
      for (const connection of [...connections]) connection.cut();
    },
    stall(ms) {
      heldUntil = Math.max(heldUntil, performance.now() + ms);
      for (const connection of connections) connection.reschedule();
    },
    cutAfterBytes(direction, n) {
      budget = { direction, remaining: n };
    },
    bytes: () => ({ ...delivered }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of [...connections]) connection.cut();
        server.close(() => resolve());
      }),
  };
}
