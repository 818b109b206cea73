/**
 * SIGTERM on the real bridge process: it stops accepting at once, lets a sync in flight
 * finish within limits.drainGraceMs, cuts what is still open after it, and closes a parked
 * session straight away without QUIT, so the mail server deletes nothing (RFC 1939 §6).
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Pop3Session } from '../../../shared/pop3/index.ts';
import { TunnelError } from '../../../shared/tunnel/index.ts';
import { dovecotTargets, TEST_ORIGIN } from '../../support/bridge-fixture.ts';
import { startBridgeProcess, type BridgeProcess } from '../../support/bridge-process.ts';
import { startDovecot, type DovecotServer } from '../../support/dovecot-harness.ts';
import { startFaultServer, type FaultServer } from '../../support/fault-server.ts';
import { generateMailbox } from '../../support/generated-mail.ts';
import { HOSTILE_PASSWORD, HostileMailbox } from '../../support/hostile-mailbox.ts';
import { scrape } from '../../support/prometheus-scrape.ts';
import { openRawTunnel } from '../../support/raw-tunnel-client.ts';
import { openTunnel } from '../../support/ws-tunnel-channel.ts';

const USER = 'leaving';
const PASSWORD = 'before the door shuts';
const mail = generateMailbox({ count: 4, seed: 22, largeEvery: 2 });

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function bridgeFor(targets: unknown[], limits: Record<string, number>, extra: Record<string, unknown> = {}): Promise<BridgeProcess> {
  const bridge = await startBridgeProcess({ allowedOrigins: [TEST_ORIGIN], targets, limits, ...extra });
  stops.push(() => bridge.stop());
  return bridge;
}

async function dovecotBridge(drainGraceMs: number, extra: Record<string, unknown> = {}): Promise<{ dovecot: DovecotServer; bridge: BridgeProcess; tunnelUrl: string }> {
  const dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD, messages: mail }] });
  stops.push(() => dovecot.stop());
  const bridge = await bridgeFor(dovecotTargets(dovecot), { drainGraceMs }, extra);
  return { dovecot, bridge, tunnelUrl: `${bridge.url.replace(/^http/, 'ws')}/tunnel` };
}

/** Whether a new TCP connection to the bridge's port is refused. */
function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Resolves once new connections are refused (the signal is handled within milliseconds). */
async function stopsAccepting(port: number): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!(await refusesConnections(port))) {
    if (Date.now() > deadline) throw new Error('the bridge still accepts connections');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('SIGTERM drains the bridge', () => {
  it('stops accepting at once and lets a sync in flight finish within the grace period', async () => {
    const { bridge, tunnelUrl } = await dovecotBridge(20_000);
    const { channel } = await openTunnel(tunnelUrl, 'dovecot-plain', { origin: TEST_ORIGIN, timeoutMs: 20_000 });
    const session = new Pop3Session(channel);
    await session.open();
    await session.login({ user: USER, password: PASSWORD, mechanism: 'USER' });
    const listing = await session.list();

    const signalled = Date.now();
    process.kill(bridge.child.pid!, 'SIGTERM');
    await stopsAccepting(bridge.port);
    const retrieved = [];
    for (const { msg } of listing) retrieved.push(await session.retr(msg));
    await session.quit();
    expect(await bridge.exited).toBe(0);

    expect(retrieved.map((m) => m.byteLength)).toEqual(listing.map((entry) => entry.size));
    // It left when its last tunnel ended, not when the grace ran out.
    expect(Date.now() - signalled).toBeLessThan(15_000);
    const closed = bridge.logs.find((entry) => entry.event === 'tunnel-closed');
    expect(closed?.code).not.toBe('TUNNEL_ERR_SHUTTING_DOWN');
    expect(bridge.logs.map((entry) => entry.event)).toEqual(expect.arrayContaining(['bridge-draining', 'bridge-closed']));
  });

  it('ends a tunnel still open when the grace period is over with TUNNEL_ERR_SHUTTING_DOWN', async () => {
    const graceMs = 1_500;
    const { bridge, tunnelUrl } = await dovecotBridge(graceMs, { metrics: { port: 0 } });
    const metricsUrl = String(bridge.logs.find((entry) => entry.event === 'metrics-listening')?.url);
    const { channel } = await openTunnel(tunnelUrl, 'dovecot-plain', { origin: TEST_ORIGIN, timeoutMs: 20_000 });
    const session = new Pop3Session(channel);
    await session.open();
    await session.login({ user: USER, password: PASSWORD, mechanism: 'USER' });

    const signalled = Date.now();
    process.kill(bridge.child.pid!, 'SIGTERM');
    // Still relaying during the grace period, and still scraped.
    expect((await session.list()).length).toBe(mail.length);
    await stopsAccepting(bridge.port);
    const during = await scrape(metricsUrl);
    expect(during.value('satchel_bridge_draining')).toBe(1);
    expect(during.value('satchel_bridge_tunnels_open')).toBe(1);
    const error = await channel.read().then(() => null, (failure: unknown) => failure);
    const cutAfter = Date.now() - signalled;
    expect(error).toBeInstanceOf(TunnelError);
    expect((error as TunnelError).code).toBe('TUNNEL_ERR_SHUTTING_DOWN');
    expect(cutAfter).toBeGreaterThanOrEqual(graceMs - 50);
    expect(cutAfter).toBeLessThan(graceMs + 5_000);
    expect(await bridge.exited).toBe(0);
  });

  it('ends the grace period at once on a second signal', async () => {
    const { bridge, tunnelUrl } = await dovecotBridge(30_000);
    const { channel } = await openTunnel(tunnelUrl, 'dovecot-plain', { origin: TEST_ORIGIN, timeoutMs: 20_000 });
    await channel.read();
    const signalled = Date.now();
    process.kill(bridge.child.pid!, 'SIGTERM');
    await stopsAccepting(bridge.port);
    process.kill(bridge.child.pid!, 'SIGINT');
    const error = await channel.read().then(() => null, (failure: unknown) => failure);
    expect((error as TunnelError).code).toBe('TUNNEL_ERR_SHUTTING_DOWN');
    expect(await bridge.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
  });

  it('closes a parked session at once without QUIT, so the server deletes nothing', async () => {
    const mailbox = new HostileMailbox({ messages: [Buffer.from('Subject: keep me\r\n\r\nstill here\r\n')] });
    const server: FaultServer = await startFaultServer(mailbox.serve);
    stops.push(() => server.close());
    const graceMs = 30_000;
    const bridge = await bridgeFor([{ name: 'recorder', label: 'Recorder', host: '127.0.0.1', port: server.port, tls: 'plaintext', allowLocal: true }], {
      drainGraceMs: graceMs,
      resumeGraceMs: 60_000,
    });
    const tunnel = await openRawTunnel(`${bridge.url.replace(/^http/, 'ws')}/tunnel`, { type: 'open', target: 'recorder', resumable: true }, TEST_ORIGIN);
    await tunnel.waitForText(/^\+OK.*\r\n/);
    tunnel.send(`USER anyone\r\nPASS ${HOSTILE_PASSWORD}\r\nDELE 1\r\n`);
    await tunnel.waitForText(/\+OK deleted\r\n$/);
    tunnel.cut();
    const deadline = Date.now() + 10_000;
    while (!bridge.logs.some((entry) => entry.event === 'tunnel-parked')) {
      if (Date.now() > deadline) throw new Error('the session was not parked');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const signalled = Date.now();
    process.kill(bridge.child.pid!, 'SIGTERM');
    expect(await bridge.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(graceMs / 3);
    expect(bridge.logs.find((entry) => entry.event === 'tunnel-closed')?.code).toBe('TUNNEL_ERR_SHUTTING_DOWN');
    // The mail server saw the connection end after DELE, with no QUIT: no UPDATE state.
    expect(mailbox.received).toEqual(['USER anyone', `PASS ${HOSTILE_PASSWORD}`, 'DELE 1']);
    expect(mailbox.messages.length).toBe(1);
  });
});
