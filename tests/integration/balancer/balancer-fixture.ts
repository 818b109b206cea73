// The scale-out setup: a real Dovecot, three bridge processes and HAProxy in front of them
// (the shipped template), and the app's sync code as a client that connects through it.
import type { ConnectionOptions } from 'node:tls';
import WebSocket from 'ws';
import { completeMessage } from '../../../shared/sync/index.ts';
import { openResumableTunnel, resumeRoute } from '../../../shared/tunnel/index.ts';
import { getMessageBody, type SatchelDatabase } from '../../../web/src/lib/storage/index.ts';
import { startBridgeProcess, type BridgeProcess } from '../../support/bridge-process.ts';
import { dovecotTargets } from '../../support/bridge-fixture.ts';
import type { DovecotServer } from '../../support/dovecot-harness.ts';
import { startHaproxy, type HaproxyBalancer } from '../../support/haproxy-harness.ts';
import type { serverView } from '../web-sync/run-sync-fixture.ts';

/** The address HAProxy connects to the bridges from, and the only one whose X-Forwarded-For they believe. */
const BALANCER_SOURCE = '127.0.0.2';
export const BRIDGE_IDS = ['b1', 'b2', 'b3'] as const;

export interface ScaleOut {
  bridges: Map<string, BridgeProcess>;
  haproxy: HaproxyBalancer;
  stop(): Promise<void>;
}

export async function startScaleOut(dovecot: DovecotServer): Promise<ScaleOut> {
  const bridges = new Map<string, BridgeProcess>();
  try {
    const started = await Promise.all(
      BRIDGE_IDS.map((bridgeId) =>
        startBridgeProcess({
          bridgeId,
          // Same-origin mode: the Origin must be https://<the balancer's host>, which the
          // bridge can only see through the balancer's X-Forwarded-Proto.
          trustProxy: [BALANCER_SOURCE],
          upstreamCaFile: dovecot.pki.caCertFile,
          targets: dovecotTargets(dovecot),
        }, { startTimeoutMs: 40_000 }),
      ),
    );
    BRIDGE_IDS.forEach((id, i) => bridges.set(id, started[i]!));
  } catch (error) {
    await Promise.all([...bridges.values()].map((b) => b.stop()));
    throw error;
  }
  const haproxy = await startHaproxy({
    bridges: [...bridges].map(([id, bridge]) => ({ id, address: `127.0.0.1:${bridge.port}` })),
    pki: dovecot.pki,
    source: BALANCER_SOURCE,
  });
  return {
    bridges,
    haproxy,
    stop: async () => {
      await haproxy.stop();
      await Promise.all([...bridges.values()].map((b) => b.stop()));
    },
  };
}

/** Where a client connects (HAProxy, or a link emulator in front of it) and how. */
export interface ClientEnd {
  port: number;
  /** The test CA that signed HAProxy's certificate. */
  ca: string;
  /** The client's own address (127.0.0.3, …), to see the bridges count the real client. */
  localAddress?: string;
}

/** A WebSocket to 127.0.0.1:`end.port` over TLS, with the Origin a page served from there sends. */
export function balancerSocket(end: ClientEnd, path: string): WebSocket {
  return new WebSocket(`wss://127.0.0.1:${end.port}${path}`, {
    origin: `https://127.0.0.1:${end.port}`,
    perMessageDeflate: true,
    ca: end.ca,
    // HAProxy has the test PKI's certificate, which names localhost only. (@types/ws omits
    // servername, which ws passes on to tls.connect.)
    ...({ servername: 'localhost' } satisfies ConnectionOptions),
    ...(end.localAddress ? { localAddress: end.localAddress } : {}),
  });
}

/** runSync's openChannel through `end`; each tunnel's bridge (the route in its resume token) is pushed onto `routes`. */
export function balancedChannel(end: ClientEnd, routes: string[]) {
  return async () => {
    const tunnel = await openResumableTunnel({
      url: `wss://127.0.0.1:${end.port}/tunnel`,
      target: 'dovecot-tls',
      createWebSocket: (url) => balancerSocket(end, url.slice(url.indexOf('/tunnel'))),
      handshakeTimeoutMs: 20_000,
    });
    routes.push(resumeRoute(tunnel.ready.resume!.token) ?? 'none');
    return tunnel;
  };
}

/** Every message stored for `accountId`: once each, complete, byte for byte what Dovecot serves. */
export async function storedExactly(db: SatchelDatabase, accountId: string, server: Awaited<ReturnType<typeof serverView>>): Promise<{ uids: string[]; differing: string[] }> {
  const all = await db.getAll('messages', IDBKeyRange.bound([accountId], [accountId, []]));
  const differing: string[] = [];
  for (const message of all) {
    const served = server.bodies.get(message.uid);
    const stored = await getMessageBody(db, accountId, message.uid);
    const expected = served === undefined ? undefined : completeMessage(served.bytes, served.size);
    if (message.state !== 'complete' || expected === undefined || !(stored instanceof Uint8Array) || Buffer.compare(Buffer.from(stored), Buffer.from(expected)) !== 0) differing.push(message.uid);
  }
  return { uids: all.map((m) => m.uid).sort(), differing };
}

/** The log entries of `event` a bridge wrote for session (or connection) `id`. */
export function logsOf(bridge: BridgeProcess, event: string, id?: string): Array<Record<string, unknown>> {
  return bridge.logs.filter((e) => e.event === event && (id === undefined || e.id === id));
}
