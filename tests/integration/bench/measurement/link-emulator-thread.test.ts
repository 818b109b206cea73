import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLinkEmulatorThread } from '../../../bench/measurement/link-emulator-thread.ts';
import type { LinkEmulator } from '../../../support/link-emulator.ts';

let echo: Server;
let link: LinkEmulator;

beforeAll(async () => {
  echo = createServer((socket) => {
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const { port } = echo.address() as { port: number };
  link = await startLinkEmulatorThread({ target: { host: '127.0.0.1', port } });
});

afterAll(async () => {
  await link?.close();
  echo?.close();
});

async function openClient(): Promise<Socket> {
  const client = connect(link.port, '127.0.0.1');
  await once(client, 'connect');
  return client;
}

function receive(client: Socket, n: number): Promise<number> {
  return new Promise((resolve) => {
    let got = 0;
    const onData = (chunk: Buffer) => {
      got += chunk.length;
      if (got >= n) {
        client.off('data', onData);
        resolve(got);
      }
    };
    client.on('data', onData);
  });
}

describe('the link emulator on a worker thread', () => {
  it("relays both ways and shows the bytes it delivered to the bench's thread at once", async () => {
    const before = link.bytes();
    const client = await openClient();
    const echoed = receive(client, 200_000);
    client.write(Buffer.alloc(200_000, 0x61));
    expect(await echoed).toBe(200_000);
    expect(link.bytes()).toEqual({ up: before.up + 200_000, down: before.down + 200_000 });
    client.destroy();
  });

  it('holds bytes through a stall and resets every connection on a cut, as told from the main thread', async () => {
    const client = await openClient();
    link.stall(400);
    const started = performance.now();
    const echoed = receive(client, 1_000);
    client.write(Buffer.alloc(1_000, 0x62));
    await echoed;
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    const closed = new Promise<string | undefined>((resolve) => {
      client.once('error', (error: NodeJS.ErrnoException) => resolve(error.code));
      client.once('close', () => resolve(undefined));
    });
    link.cutAll();
    expect(await closed).toBe('ECONNRESET');
  });
});
