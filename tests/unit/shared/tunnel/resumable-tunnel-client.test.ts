import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openResumableTunnel, TunnelError, type ResumableTunnelOptions, type WebSocketLike } from '../../../../shared/tunnel/index.ts';

const TOKEN_1 = 'a'.repeat(43);
const TOKEN_2 = 'b'.repeat(43);
const TOKEN_3 = 'c'.repeat(43);
const SESSION = 'session-0123456789abcdef';
const READY = { type: 'ready', v: 1, target: 'mail', tls: 'implicit', greeting: 'relayed', resume: { sessionId: SESSION, token: TOKEN_1 } };
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A scripted stand-in for one WebSocket; the test plays the bridge. */
class FakeSocket implements WebSocketLike {
  binaryType = 'blob';
  url = '';
  readyState = 0;
  readonly sent: Array<string | Uint8Array> = [];
  closedWith: { code?: number; reason?: string } | null = null;
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;

  send(data: string | Uint8Array): void {
    this.sent.push(data);
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }
  accept(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  receiveBytes(text: string): void {
    this.onmessage?.({ data: encoder.encode(text).buffer });
  }
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  controls(): Array<Record<string, unknown>> {
    return this.sent.filter((item): item is string => typeof item === 'string').map((item) => JSON.parse(item) as Record<string, unknown>);
  }
  bytes(): string {
    return this.sent.filter((item): item is Uint8Array => typeof item !== 'string').map((item) => decoder.decode(item)).join('');
  }
}

let sockets: FakeSocket[];

function options(overrides: Partial<ResumableTunnelOptions> = {}): ResumableTunnelOptions {
  return {
    url: 'wss://bridge.test/tunnel',
    target: 'mail',
    createWebSocket: (url) => {
      const socket = new FakeSocket();
      socket.url = url;
      sockets.push(socket);
      return socket;
    },
    backoff: { initialMs: 100, maxMs: 1_000, jitter: 1 },
    maxReconnectMs: 5_000,
    stallTimeoutMs: 3_000,
    ackEveryBytes: 10,
    ackIntervalMs: 500,
    random: () => 0.5,
    ...overrides,
  };
}

async function opened(overrides: Partial<ResumableTunnelOptions> = {}, ready: object = READY) {
  const pending = openResumableTunnel(options(overrides));
  const socket = sockets[0]!;
  socket.accept();
  socket.receive(ready);
  return { tunnel: await pending, socket };
}

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('openResumableTunnel', () => {
  it('asks for a resumable session and receives binary frames as ArrayBuffers', async () => {
    const { tunnel, socket } = await opened();
    expect(socket.controls()[0]).toEqual({ type: 'open', v: 1, target: 'mail', resumable: true, routable: true });
    expect(socket.binaryType).toBe('arraybuffer');
    expect(tunnel.ready.resume).toEqual({ sessionId: SESSION, token: TOKEN_1 });
    tunnel.channel.close();
  });

  it('acks once ackEveryBytes have arrived, counting POP3 bytes only', async () => {
    const { tunnel, socket } = await opened();
    socket.receiveBytes('+OK hi\r\n');
    expect(socket.controls().filter((m) => m.type === 'ack')).toEqual([]);
    socket.receiveBytes('+OK\r\n');
    expect(socket.controls().filter((m) => m.type === 'ack')).toEqual([{ type: 'ack', v: 1, received: 13 }]);
    expect(decoder.decode((await tunnel.channel.read())!)).toBe('+OK hi\r\n');
    expect(tunnel.stats().payloadReceived).toBe(13);
    tunnel.channel.close();
  });

  it('acks bytes that arrive ackEveryMs after the last ack, short of ackEveryBytes', async () => {
    const { tunnel, socket } = await opened({ ackEveryBytes: 1024 * 1024, ackEveryMs: 100, ackIntervalMs: 60_000 });
    socket.receiveBytes('+OK hi\r\n');
    expect(socket.controls().filter((m) => m.type === 'ack')).toEqual([]);
    vi.setSystemTime(Date.now() + 100);
    socket.receiveBytes('+OK\r\n');
    expect(socket.controls().filter((m) => m.type === 'ack')).toEqual([{ type: 'ack', v: 1, received: 13 }]);
    socket.receiveBytes('+OK\r\n');
    expect(socket.controls().filter((m) => m.type === 'ack')).toHaveLength(1);
    tunnel.channel.close();
  });

  it('acks at once, short of ackEveryBytes, when the bridge says it wants an ack', async () => {
    const { tunnel, socket } = await opened({ ackEveryBytes: 1024 * 1024, ackIntervalMs: 60_000 });
    socket.receiveBytes('+OK hi\r\n');
    socket.receive({ type: 'ack', v: 1, received: 0 });
    expect(socket.controls().filter((m) => m.type === 'ack')).toEqual([]);
    socket.receive({ type: 'ack', v: 1, received: 0, wanted: true });
    expect(socket.controls().filter((m) => m.type === 'ack')).toEqual([{ type: 'ack', v: 1, received: 8 }]);
    // Nothing new since: a second request sends no empty ack.
    socket.receive({ type: 'ack', v: 1, received: 0, wanted: true });
    expect(socket.controls().filter((m) => m.type === 'ack')).toHaveLength(1);
    tunnel.channel.close();
  });

  it('after a drop resumes with what it received and wrote, re-sends only what the bridge lacks, and keeps the byte order', async () => {
    const { tunnel, socket } = await opened();
    socket.receiveBytes('+OK ready\r\n');
    tunnel.channel.write(encoder.encode('USER a\r\n'));
    socket.receive({ type: 'ack', v: 1, received: 8 });
    tunnel.channel.write(encoder.encode('PASS b\r\n'));
    socket.drop();

    await vi.advanceTimersByTimeAsync(100);
    const second = sockets[1]!;
    second.accept();
    expect(second.controls()[0]).toEqual({ type: 'resume', v: 1, sessionId: SESSION, token: TOKEN_1, received: 11, sent: 16 });
    second.receive({ type: 'resumed', v: 1, received: 12, token: TOKEN_2 });
    expect(second.bytes()).toBe(' b\r\n');
    second.receiveBytes('+OK logged in\r\n');

    expect(decoder.decode((await tunnel.channel.read())!)).toBe('+OK ready\r\n');
    expect(decoder.decode((await tunnel.channel.read())!)).toBe('+OK logged in\r\n');
    expect(tunnel.stats()).toMatchObject({ reconnects: 1, replayedBytes: 4, payloadReceived: 26 });
    tunnel.channel.close();
  });

  it('splits a large write into binary frames of at most maxFrameBytes, and replays them no larger after a resume', async () => {
    const { tunnel, socket } = await opened({ maxFrameBytes: 10 });
    const batch = 'TOP 1 0\r\nTOP 2 0\r\nTOP 3 0\r\n';
    tunnel.channel.write(encoder.encode(batch));
    const frames = socket.sent.filter((item): item is Uint8Array => typeof item !== 'string');
    expect(frames.map((f) => f.byteLength)).toEqual([10, 10, 7]);
    expect(socket.bytes()).toBe(batch);
    socket.drop();

    await vi.advanceTimersByTimeAsync(100);
    const second = sockets[1]!;
    second.accept();
    second.receive({ type: 'resumed', v: 1, received: 3, token: TOKEN_2 });
    const replayed = second.sent.filter((item): item is Uint8Array => typeof item !== 'string');
    expect(replayed.every((f) => f.byteLength <= 10)).toBe(true);
    expect(second.bytes()).toBe(batch.slice(3));
    tunnel.channel.close();
  });

  it('sends frames of at most 1 024 bytes by default, the bridge\'s default maxPayload', async () => {
    const { tunnel, socket } = await opened();
    tunnel.channel.write(new Uint8Array(2_500).fill(65));
    const frames = socket.sent.filter((item): item is Uint8Array => typeof item !== 'string');
    expect(frames.map((f) => f.byteLength)).toEqual([1024, 1024, 452]);
    tunnel.channel.close();
  });

  it('presents the rotated token on the next resume', async () => {
    const { tunnel, socket } = await opened();
    socket.drop();
    await vi.advanceTimersByTimeAsync(100);
    sockets[1]!.accept();
    sockets[1]!.receive({ type: 'resumed', v: 1, received: 0, token: TOKEN_2 });
    sockets[1]!.drop();
    await vi.advanceTimersByTimeAsync(100);
    sockets[2]!.accept();
    expect(sockets[2]!.controls()[0]).toMatchObject({ type: 'resume', token: TOKEN_2 });
    sockets[2]!.receive({ type: 'resumed', v: 1, received: 0, token: TOKEN_3 });
    expect(tunnel.stats().reconnects).toBe(2);
    tunnel.channel.close();
  });

  it('resumes at a URL naming the bridge of the current token, and never puts the secret in it', async () => {
    const routed = { ...READY, resume: { sessionId: SESSION, token: `bridge-1.${TOKEN_1}` } };
    const { tunnel, socket } = await opened({ url: 'wss://bridge.test/tunnel' }, routed);
    expect(socket.url).toBe('wss://bridge.test/tunnel');
    socket.drop();
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets[1]!.url).toBe('wss://bridge.test/tunnel?resume=bridge-1');
    sockets[1]!.accept();
    expect(sockets[1]!.controls()[0]).toMatchObject({ type: 'resume', token: `bridge-1.${TOKEN_1}` });
    sockets[1]!.receive({ type: 'resumed', v: 1, received: 0, token: `bridge-3.${TOKEN_2}` });
    sockets[1]!.drop();
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets[2]!.url).toBe('wss://bridge.test/tunnel?resume=bridge-3');
    expect(sockets.map((s) => s.url).join(' ')).not.toMatch(new RegExp(`${TOKEN_1}|${TOKEN_2}`));
    tunnel.channel.close();
  });

  it('fails the pending read with TUNNEL_ERR_RESUME_EXPIRED when the bridge no longer holds the session', async () => {
    const { tunnel, socket } = await opened();
    const read = tunnel.channel.read();
    const settled = read.catch((error: unknown) => error);
    socket.drop();
    await vi.advanceTimersByTimeAsync(100);
    sockets[1]!.accept();
    sockets[1]!.receive({ type: 'error', v: 1, code: 'TUNNEL_ERR_RESUME_EXPIRED', message: 'gone' });
    sockets[1]!.drop(4000, 'TUNNEL_ERR_RESUME_EXPIRED');
    const error = await settled;
    expect(error).toBeInstanceOf(TunnelError);
    expect((error as TunnelError).code).toBe('TUNNEL_ERR_RESUME_EXPIRED');
    expect(sockets).toHaveLength(2);
  });

  it('retries refused reconnects with growing delays and gives up after maxReconnectMs', async () => {
    const states: string[] = [];
    const { tunnel, socket } = await opened({ onStateChange: (state) => states.push(state) });
    const settled = tunnel.channel.read().catch((error: unknown) => error);
    socket.drop();
    // With random 0.5 the delays are 50, 100, 200, 400, 500, 500, … ms.
    await vi.advanceTimersByTimeAsync(49);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop();
    await vi.advanceTimersByTimeAsync(99);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(3);
    for (let i = 0; i < 30 && sockets.length < 40; i++) {
      sockets.at(-1)!.drop();
      await vi.advanceTimersByTimeAsync(500);
    }
    const error = await settled;
    expect((error as TunnelError).code).toBe('TUNNEL_ERR_RECONNECT_GAVE_UP');
    expect(states).toEqual(['open', 'reconnecting', 'failed']);
  });

  it('calls a silent link dead after stallTimeoutMs while a read waits, heartbeating before that, and resumes', async () => {
    const { tunnel, socket } = await opened();
    const read = tunnel.channel.read();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(socket.controls().filter((m) => m.type === 'ack').length).toBeGreaterThanOrEqual(1);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_600);
    expect(socket.closedWith).toEqual({ code: 4000, reason: 'TUNNEL_ERR_TIMEOUT' });
    await vi.advanceTimersByTimeAsync(100);
    sockets[1]!.accept();
    sockets[1]!.receive({ type: 'resumed', v: 1, received: 0, token: TOKEN_2 });
    sockets[1]!.receiveBytes('+OK late\r\n');
    expect(decoder.decode((await read)!)).toBe('+OK late\r\n');
    tunnel.channel.close();
  });

  it('fails with TUNNEL_ERR_UPSTREAM_SILENT when the bridge answers heartbeats but the server sends nothing for serverSilenceMs', async () => {
    const { tunnel, socket } = await opened({ serverSilenceMs: 5_000 });
    const read = tunnel.channel.read();
    const outcome = read.then(() => 'bytes', (error: unknown) => (error as TunnelError).code);
    for (let second = 0; second < 7; second++) {
      await vi.advanceTimersByTimeAsync(1_000);
      socket.receive({ type: 'ack', v: 1, received: 0 });
    }
    expect(await outcome).toBe('TUNNEL_ERR_UPSTREAM_SILENT');
    expect(sockets).toHaveLength(1);
  });

  it('waits on a slow server that keeps sending, and counts silence from when the read began', async () => {
    const { tunnel, socket } = await opened({ serverSilenceMs: 5_000 });
    // Idle for longer than serverSilenceMs with no read waiting: not the server's fault.
    for (let second = 0; second < 7; second++) {
      await vi.advanceTimersByTimeAsync(1_000);
      socket.receive({ type: 'ack', v: 1, received: 0 });
    }
    for (let i = 0; i < 5; i++) {
      const read = tunnel.channel.read();
      await vi.advanceTimersByTimeAsync(2_000);
      socket.receive({ type: 'ack', v: 1, received: 0 });
      socket.receiveBytes(`+OK part ${i}\r\n`);
      expect(decoder.decode((await read)!)).toBe(`+OK part ${i}\r\n`);
    }
    tunnel.channel.close();
  });

  it('does not count an outage as the server\'s silence once the tunnel resumed', async () => {
    const { tunnel, socket } = await opened({ serverSilenceMs: 5_000, maxReconnectMs: 60_000 });
    const read = tunnel.channel.read();
    const outcome = read.then((bytes) => decoder.decode(bytes!), (error: unknown) => (error as TunnelError).code);
    socket.drop();
    await vi.advanceTimersByTimeAsync(8_000);
    const next = sockets.at(-1)!;
    next.accept();
    next.receive({ type: 'resumed', v: 1, received: 0, token: TOKEN_2 });
    await vi.advanceTimersByTimeAsync(1_500);
    next.receive({ type: 'ack', v: 1, received: 0 });
    next.receiveBytes('+OK after the outage\r\n');
    expect(await outcome).toBe('+OK after the outage\r\n');
    tunnel.channel.close();
  });

  it('closes with 1000 on close(), so the bridge ends the session instead of parking it', async () => {
    const { tunnel, socket } = await opened();
    tunnel.channel.close();
    expect(socket.closedWith).toEqual({ code: 1000, reason: undefined });
    expect(await tunnel.channel.read()).toBeNull();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets).toHaveLength(1);
  });

  it('ends reads cleanly after upstream-closed instead of reconnecting', async () => {
    const { tunnel, socket } = await opened();
    socket.receiveBytes('+OK bye\r\n');
    socket.receive({ type: 'upstream-closed', v: 1 });
    socket.drop(1000);
    expect(decoder.decode((await tunnel.channel.read())!)).toBe('+OK bye\r\n');
    expect(await tunnel.channel.read()).toBeNull();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets).toHaveLength(1);
  });

  it('treats a drop as the end against a bridge that offers no resumption, and sends it no acks', async () => {
    const { resume: _resume, ...plainReady } = READY;
    const { tunnel, socket } = await opened({}, plainReady);
    socket.receiveBytes('+OK a long greeting\r\n');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(socket.controls().filter((m) => m.type === 'ack')).toEqual([]);
    await tunnel.channel.read();
    const settled = tunnel.channel.read().catch((error: unknown) => error);
    socket.drop();
    expect((await settled as TunnelError).code).toBe('TUNNEL_ERR_CLOSED');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets).toHaveLength(1);
  });

  it('rejects the open with the bridge\'s code when the first WebSocket is refused, without retrying', async () => {
    const pending = openResumableTunnel(options()).catch((error: unknown) => error);
    sockets[0]!.accept();
    sockets[0]!.receive({ type: 'error', v: 1, code: 'TUNNEL_ERR_TARGET_UNKNOWN', message: 'no such target' });
    sockets[0]!.drop(4000, 'TUNNEL_ERR_TARGET_UNKNOWN');
    expect(((await pending) as TunnelError).code).toBe('TUNNEL_ERR_TARGET_UNKNOWN');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets).toHaveLength(1);
  });
});
