import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { connect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { EndToEndGate } from '../../../../bridge/upstream/end-to-end-gate.ts';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

/** What a real TLS client sends first (its ClientHello records), caught by a server that never answers. */
async function clientHello(): Promise<Uint8Array> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const caught = new Promise<Buffer>((resolve) => server.once('connection', (socket) => socket.once('data', resolve)));
  const client = connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, servername: 'mail.example.org' });
  client.on('error', () => undefined);
  const bytes = await caught;
  client.destroy();
  server.close();
  return new Uint8Array(bytes);
}

/** `bytes` fed to a new gate in pieces of `size`: the first refusal, or null. */
function feed(tls: 'implicit' | 'starttls', bytes: Uint8Array, size = bytes.length): string | null {
  const gate = new EndToEndGate(tls);
  for (let i = 0; i < bytes.length; i += size) {
    const refused = gate.check(bytes.subarray(i, i + size));
    if (refused !== null) return refused;
  }
  return null;
}

const record = (type: number, length: number): Uint8Array => new Uint8Array([type, 3, 3, length >> 8, length & 0xff, ...new Uint8Array(length)]);

describe('EndToEndGate', () => {
  it('lets a real ClientHello and the records after it through, however the frames split them', async () => {
    const hello = await clientHello();
    const stream = new Uint8Array([...hello, ...record(20, 1), ...record(23, 300), ...record(21, 2)]);
    for (const size of [1, 2, 5, 7, 64, stream.length]) expect(feed('implicit', stream, size)).toBeNull();
    const stls = new Uint8Array([...ascii('CAPA\r\nSTLS\r\n'), ...stream]);
    for (const size of [1, 3, 6, stls.length]) expect(feed('starttls', stls, size)).toBeNull();
  });

  it('refuses a password sent in clear, to an implicit-TLS target or before STLS', () => {
    expect(feed('implicit', ascii('USER ada\r\nPASS secret\r\n'))).toBe('bytes that are not a TLS record');
    expect(feed('starttls', ascii('CAPA\r\nUSER ada\r\n'))).toBe('a command other than CAPA, STLS or QUIT before STLS');
    expect(feed('starttls', ascii('AUTH PLAIN AGFkYQBzZWNyZXQ=\r\n'))).toBe('a command other than CAPA, STLS or QUIT before STLS');
    expect(feed('starttls', ascii('QUIT\r\n'))).toBeNull();
  });

  it('refuses plaintext after STLS, and records no TLS peer would send', () => {
    expect(feed('starttls', ascii('STLS\r\nPASS secret\r\n'))).toBe('bytes that are not a TLS record');
    expect(feed('implicit', new Uint8Array([22, 2, 0, 0, 1, 0]))).toBe('a TLS record of an unknown version');
    expect(feed('implicit', record(22, 0))).toBe('a TLS record of an impossible length');
    expect(feed('implicit', new Uint8Array([23, 3, 3, 0x41, 0x01]))).toBe('a TLS record of an impossible length');
    expect(feed('starttls', ascii(`CAPA${' '.repeat(300)}`))).toBe('a command line before STLS over 255 octets');
  });
});
