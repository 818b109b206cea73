/**
 * Odd request-targets, methods and headers, sent raw to the real bridge process over http and
 * over https, on the plain request path and on the WebSocket upgrade path. After every one the
 * bridge must still be running and answer /healthz (DESIGN.md invariant 10).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeProcess, type BridgeProcess } from '../../support/bridge-process.ts';
import { createTestPki, type TestPki } from '../../support/test-pki.ts';

const ORIGIN = 'https://mail.example.org';
const TARGET = { name: 'mail', label: 'Mail', host: 'mail.example.org', port: 995, tls: 'implicit' };

const ODD_TARGETS = [
  '//', '///', '//%', '//a:b', '//:99999', '//[::1', 'http://[', '*', '%', '/%', '/%zz', '/%00', '/..', '/../../etc/passwd',
  '?', '#', '/healthz?x=%', 'http://x:99999/', 'a', '//@', '/tunnel/../healthz', '//tunnel', '/tunnel?%', 'https://', '\\\\x',
  `/${'a'.repeat(6000)}`, '/%c0%af', '/\u00e9', '//%2f%2f',
];
const ODD_METHODS = ['POST', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'BREW', 'CONNECT'];

function rawRequest(line: string, headers: string[]): string {
  return `${line}\r\n${headers.join('\r\n')}${headers.length ? '\r\n' : ''}\r\n`;
}

const UPGRADE_HEADERS = (host: string) => [
  `Host: ${host}`,
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Version: 13',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  `Origin: ${ORIGIN}`,
];

/** Requests that have crashed or could crash a handler: each is sent on its own connection. */
function oddRequests(host: string): string[] {
  const requests: string[] = [];
  for (const target of ODD_TARGETS) {
    requests.push(rawRequest(`GET ${target} HTTP/1.1`, [`Host: ${host}`]));
    requests.push(rawRequest(`GET ${target} HTTP/1.1`, UPGRADE_HEADERS(host)));
  }
  for (const method of ODD_METHODS) {
    requests.push(rawRequest(`${method} / HTTP/1.1`, [`Host: ${host}`, 'Content-Length: 0']));
    requests.push(rawRequest(`${method} //%  HTTP/1.1`, UPGRADE_HEADERS(host)));
  }
  requests.push(
    rawRequest('GET / HTTP/1.1', []),
    rawRequest('GET / HTTP/1.1', ['Host: [']),
    rawRequest('GET /tunnel HTTP/1.1', ['Host: [', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: x', `Origin: ${ORIGIN}`]),
    rawRequest('GET /tunnel HTTP/1.1', [...UPGRADE_HEADERS(host).filter((h) => !h.startsWith('Origin')), 'Origin: %']),
    rawRequest('GET /tunnel HTTP/1.1', [...UPGRADE_HEADERS(host).filter((h) => !h.startsWith('Origin')), 'Origin: null']),
    rawRequest('GET /tunnel HTTP/1.1', [...UPGRADE_HEADERS(host).filter((h) => !h.startsWith('Sec-WebSocket-Version')), 'Sec-WebSocket-Version: 99']),
    rawRequest('GET /tunnel HTTP/1.1', UPGRADE_HEADERS(host).filter((h) => !h.startsWith('Sec-WebSocket-Key'))),
    rawRequest('GET /tunnel HTTP/1.1', [...UPGRADE_HEADERS(host), 'Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=99; client_max_window_bits=x']),
    rawRequest('GET /tunnel HTTP/1.1', [...UPGRADE_HEADERS(host), 'X-Forwarded-For: ::ffff:', 'X-Forwarded-Proto: %']),
    rawRequest('POST / HTTP/1.1', [`Host: ${host}`, 'Content-Length: -1']),
    rawRequest('POST / HTTP/1.1', [`Host: ${host}`, 'Transfer-Encoding: chunked']) + 'zz\r\n',
    rawRequest('GET / HTTP/1.1', [`Host: ${host}`, `X-Big: ${'b'.repeat(20_000)}`]),
    rawRequest('GET / HTTP/9.9', [`Host: ${host}`]),
    'GET\r\n\r\n',
    '\u0000\u0001\u0002\r\n\r\n',
  );
  return requests;
}

function send(bridge: BridgeProcess, secure: boolean, request: string): Promise<void> {
  return new Promise((resolve) => {
    const socket: Socket = secure
      ? tlsConnect({ host: '127.0.0.1', port: bridge.port, rejectUnauthorized: false })
      : netConnect({ host: '127.0.0.1', port: bridge.port });
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    // Most requests get an answer at once; one that waits for more input gets half a second.
    const timer = setTimeout(done, 500);
    socket.once(secure ? 'secureConnect' : 'connect', () => socket.write(request, 'latin1'));
    // The answer itself is not the point; that the process lives on is.
    socket.on('data', () => setTimeout(done, 20));
    socket.on('error', done);
    socket.on('close', done);
  });
}

async function healthz(bridge: BridgeProcess): Promise<number> {
  const response = await fetch(`${bridge.url.replace('https:', 'http:')}/healthz`).catch(() => null);
  return response?.status ?? 0;
}

function healthzOverTls(bridge: BridgeProcess): Promise<string> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port: bridge.port, rejectUnauthorized: false });
    let text = '';
    socket.once('secureConnect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'));
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', () => resolve(text));
    socket.on('close', () => resolve(text));
  });
}

describe('the bridge survives odd requests', () => {
  let pkiDir: string;
  let pki: TestPki;
  let plain: BridgeProcess;
  let secure: BridgeProcess;

  beforeAll(async () => {
    pkiDir = mkdtempSync(join(tmpdir(), 'satchel-odd-'));
    pki = await createTestPki(pkiDir);
    [plain, secure] = await Promise.all([
      startBridgeProcess({ allowedOrigins: [ORIGIN], targets: [TARGET] }),
      startBridgeProcess({ allowedOrigins: [ORIGIN], targets: [TARGET], tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([plain?.stop(), secure?.stop()]);
    rmSync(pkiDir, { recursive: true, force: true });
  });

  it('answers /healthz after each odd request-target, method and header over http', async () => {
    const failures: string[] = [];
    for (const request of oddRequests(`127.0.0.1:${plain.port}`)) {
      await send(plain, false, request);
      if (!plain.alive() || (await healthz(plain)) !== 200) {
        failures.push(JSON.stringify(request.slice(0, 80)));
        break;
      }
    }
    expect(failures, plain.stderr()).toEqual([]);
    expect(plain.alive()).toBe(true);
  });

  it('answers /healthz after each odd request-target, method and header over https', async () => {
    const failures: string[] = [];
    for (const request of oddRequests(`localhost:${secure.port}`)) {
      await send(secure, true, request);
      if (!secure.alive() || !(await healthzOverTls(secure)).startsWith('HTTP/1.1 200')) {
        failures.push(JSON.stringify(request.slice(0, 80)));
        break;
      }
    }
    expect(failures, secure.stderr()).toEqual([]);
    expect(secure.alive()).toBe(true);
  });

  it('asks browsers for HTTPS only (HSTS) over the TLS it terminates, and never over plain http', async () => {
    expect(await healthzOverTls(secure)).toMatch(/\r\nstrict-transport-security: max-age=31536000\r\n/i);
    const response = await fetch(`${plain.url}/healthz`);
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});
