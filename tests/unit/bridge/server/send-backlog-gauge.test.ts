import { describe, expect, it } from 'vitest';
import { SendBacklogGauge } from '../../../../bridge/server/send-backlog-gauge.ts';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A socket and a WebSocket reduced to the two numbers the gauge reads. */
function fakeLink(writableLength: number, compressorBytes: number) {
  const socket = { writableLength };
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
    expect(new SendBacklogGauge(ws, socket).read()).toEqual({ link: 10_000, compressor: 300_000 });
  });

  it("does not take this turn's own writes for a backed-up link", () => {
    // A TLSSocket keeps writes the kernel already took in writableLength until a later turn.
    const { socket, ws } = fakeLink(0, 0);
    const gauge = new SendBacklogGauge(ws, socket);
    expect(gauge.read().link).toBe(0);
    socket.writableLength = 600_000;
    expect(gauge.read()).toEqual({ link: 0, compressor: 0 });
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
});
