import { describe, expect, it } from 'vitest';
import { SendBacklogGauge } from '../../../../bridge/server/send-backlog-gauge.ts';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A socket and a WebSocket reduced to the numbers the gauge reads. */
function fakeLink(writableLength: number, compressorBytes: number, bytesWritten = writableLength) {
  const socket = { writableLength, bytesWritten };
  const ws = {
    get bufferedAmount() {
      return socket.writableLength + compressorBytes;
    },
  };
  return { socket, ws, setCompressorBytes: (n: number) => (compressorBytes = n) };
}

describe('SendBacklogGauge', () => {
  it('splits bufferedAmount into what waits for the link and what waits for the compressor', () => {
    const { socket, ws } = fakeLink(10_000, 300_000);
    expect(new SendBacklogGauge(ws, socket).read()).toMatchObject({ link: 10_000, compressor: 300_000 });
  });

  it("does not take this turn's own writes for a backed-up link", () => {
    // A TLSSocket keeps writes the kernel already took in writableLength until a later turn.
    const { socket, ws } = fakeLink(0, 0);
    const gauge = new SendBacklogGauge(ws, socket);
    expect(gauge.read().link).toBe(0);
    socket.writableLength = 600_000;
    expect(gauge.read()).toMatchObject({ link: 0, compressor: 0 });
  });

  it('counts what earlier turns left unwritten', async () => {
    const { socket, ws } = fakeLink(0, 0);
    const gauge = new SendBacklogGauge(ws, socket);
    gauge.read();
    socket.writableLength = 600_000;
    await nextTurn();
    expect(gauge.read().link).toBe(600_000);
  });

  it('sees the link drain within a turn', async () => {
    const { socket, ws } = fakeLink(600_000, 0);
    const gauge = new SendBacklogGauge(ws, socket);
    expect(gauge.read().link).toBe(600_000);
    socket.writableLength = 20_000;
    expect(gauge.read().link).toBe(20_000);
  });

  it('counts as taken by the link only what has left the socket: bytesWritten less what still waits', () => {
    // Node adds a write to bytesWritten as soon as it is queued.
    const { socket, ws } = fakeLink(600_000, 0, 5_000_000);
    const gauge = new SendBacklogGauge(ws, socket);
    expect(gauge.read().linkBytesWritten).toBe(4_400_000);
    socket.writableLength = 100_000;
    expect(gauge.read().linkBytesWritten).toBe(4_900_000);
  });
});
