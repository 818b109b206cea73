/**
 * A SIGHUP reload that drops a target applies to a browser that had upgraded before it but
 * asks for that target after it: the bridge refuses, as its running config says (DESIGN.md
 * invariant 4), instead of connecting by the config it had when the WebSocket arrived.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type RunningBridge } from '../../../bridge/index.ts';
import { encodeMessage, parseBridgeMessage, TUNNEL_PROTOCOL_VERSION, type BridgeMessage } from '../../../shared/tunnel/index.ts';
import { dovecotTargets, startTestBridge, TEST_ORIGIN } from '../../support/bridge-fixture.ts';
import { startDovecot, type DovecotServer } from '../../support/dovecot-harness.ts';

let dovecot: DovecotServer;
let bridge: RunningBridge & { tunnelUrl: string };

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: 'late', password: 'asks late', messages: [] }] });
  bridge = await startTestBridge(dovecot.pki.caCertFile, dovecotTargets(dovecot));
});

afterAll(async () => {
  await bridge?.close();
  await dovecot?.stop();
});

describe('a reload and a WebSocket that upgraded before it', () => {
  it('refuses a target the reload removed, asked for after the reload', async () => {
    const ws = new WebSocket(bridge.tunnelUrl, { origin: TEST_ORIGIN });
    const messages: BridgeMessage[] = [];
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (!isBinary) messages.push(parseBridgeMessage(String(data)));
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const kept = dovecotTargets(dovecot).filter((target) => target.name !== 'dovecot-plain');
    const applied = bridge.reload(() => loadConfig({ listen: { host: '127.0.0.1', port: 0 }, allowedOrigins: [TEST_ORIGIN], upstreamCaFile: dovecot.pki.caCertFile, targets: kept }, process.cwd()));
    expect(applied.targets.map((t) => t.name)).not.toContain('dovecot-plain');

    ws.send(encodeMessage({ type: 'open', v: TUNNEL_PROTOCOL_VERSION, target: 'dovecot-plain' }));
    await expect.poll(() => messages.find((m) => m.type === 'error' || m.type === 'ready')?.type, { timeout: 10_000 }).toBe('error');
    expect(messages.find((m) => m.type === 'error')).toMatchObject({ code: 'TUNNEL_ERR_TARGET_UNKNOWN' });
    ws.close();
  });
});
