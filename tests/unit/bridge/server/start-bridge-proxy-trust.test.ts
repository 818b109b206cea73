// trustProxy as a list: X-Forwarded-For counts only on connections from the balancer's address.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, startBridge, type RunningBridge } from '../../../../bridge/index.ts';
import { startFakePop3Upstream } from './fake-pop3-upstream.ts';
import { openTestTunnel } from './tunnel-test-client.ts';

const ORIGIN = 'https://mail.example.org';
const BALANCER = '127.0.0.2';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function start(): Promise<{ bridge: RunningBridge; logs: Array<Record<string, unknown>> }> {
  const server = await startFakePop3Upstream();
  cleanups.push(() => server.close());
  const logs: Array<Record<string, unknown>> = [];
  const target = { name: 'local', label: 'Local', host: '127.0.0.1', port: server.port, tls: 'plaintext', allowLocal: true };
  const config = loadConfig(
    { listen: { host: '127.0.0.1', port: 0 }, allowedOrigins: [ORIGIN], staticDir: null, targets: [target], trustProxy: [BALANCER], limits: { maxConnectionsPerIp: 1 } },
    process.cwd(),
  );
  const bridge = await startBridge(config, { log: (entry) => logs.push(entry) });
  cleanups.push(() => bridge.close());
  return { bridge, logs };
}

/** Opens a tunnel from `from` claiming to carry `forwardedFor`; resolves with the bridge's first answer. */
async function openFrom(bridge: RunningBridge, from: string, forwardedFor: string) {
  const tunnel = await openTestTunnel(bridge.url, ORIGIN, { localAddress: from, headers: { 'X-Forwarded-For': forwardedFor } });
  cleanups.push(async () => {
    tunnel.ws.terminate();
  });
  tunnel.ws.send(JSON.stringify({ type: 'open', v: 1, target: 'local' }));
  return tunnel.nextControl();
}

describe('startBridge with trustProxy naming the balancer', () => {
  it('counts each client behind the balancer by its forwarded address', async () => {
    const { bridge, logs } = await start();
    expect(await openFrom(bridge, BALANCER, '198.51.100.1')).toMatchObject({ type: 'ready' });
    expect(await openFrom(bridge, BALANCER, '198.51.100.2')).toMatchObject({ type: 'ready' });
    expect(await openFrom(bridge, BALANCER, '198.51.100.1')).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_TOO_MANY_CONNECTIONS' });
    expect(logs.filter((e) => e.event === 'tunnel-accepted').map((e) => e.ip)).toEqual(['198.51.100.1', '198.51.100.2', '198.51.100.1']);
  });

  it('ignores X-Forwarded-For from any other address, so a client cannot pick the address it is counted under', async () => {
    const { bridge, logs } = await start();
    expect(await openFrom(bridge, '127.0.0.1', '198.51.100.1')).toMatchObject({ type: 'ready' });
    expect(await openFrom(bridge, '127.0.0.1', '198.51.100.2')).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_TOO_MANY_CONNECTIONS' });
    expect(logs.filter((e) => e.event === 'tunnel-accepted').map((e) => e.ip)).toEqual(['127.0.0.1', '127.0.0.1']);
  });
});
