import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../bridge/config/index.ts';
import { BridgeError } from '../../../../bridge/errors/index.ts';
import { prepareGeneration, restartOnlyChanges } from '../../../../bridge/server/bridge-generation.ts';

const base = { targets: [{ name: 'mail', label: 'Mail', host: 'mail.example.org', port: 995, tls: 'implicit' }], staticDir: null };
const config = (extra: Record<string, unknown> = {}) => loadConfig({ ...base, ...extra }, '/');

describe('what a reload may change', () => {
  it('applies targets, origins, per-tunnel limits and compression without a restart', () => {
    const next = config({
      targets: [{ name: 'other', label: 'Other', host: 'pop.example.net', port: 995, tls: 'implicit' }],
      allowedOrigins: ['https://mail.example.org'],
      limits: { idleTimeoutMs: 60_000, maxPayload: 2048, drainGraceMs: 5_000 },
      compression: { level: 1 },
    });
    expect(restartOnlyChanges(config(), next)).toEqual([]);
  });

  it('names every key only a restart can apply', () => {
    const next = config({
      listen: { port: 9000 },
      metrics: { port: 9464 },
      tls: { certFile: 'c.pem', keyFile: 'k.pem' },
      trustProxy: true,
      bridgeId: 'bridge-2',
      limits: { maxConnections: 10, resumeGraceMs: 0 },
    });
    expect(restartOnlyChanges(config(), next)).toEqual(['listen', 'metrics', 'tls (on or off)', 'trustProxy', 'bridgeId', 'limits.maxConnections', 'limits.resumeGraceMs (0 or not)']);
  });

  it('lets a reload point tls at other files, and resumeGraceMs move while it stays on', () => {
    const before = config({ tls: { certFile: 'a.pem', keyFile: 'a.key' } });
    const after = config({ tls: { certFile: 'b.pem', keyFile: 'b.key' }, limits: { resumeGraceMs: 5_000 } });
    expect(restartOnlyChanges(before, after)).toEqual([]);
  });

  it('fails with BRIDGE_ERR_CONFIG_FILE when a file the config names cannot be read', () => {
    const error = (() => {
      try {
        prepareGeneration(config({ upstreamCaFile: '/nonexistent/ca.pem' }), undefined);
      } catch (failure) {
        return failure;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(BridgeError);
    expect((error as BridgeError).code).toBe('BRIDGE_ERR_CONFIG_FILE');
  });
});
