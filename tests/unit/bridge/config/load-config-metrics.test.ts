import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../bridge/config/index.ts';
import { BridgeError } from '../../../../bridge/errors/index.ts';

const minimal = { targets: [{ name: 'mail', label: 'Mail', host: 'mail.example.org', port: 995, tls: 'implicit' }] };

function messageOf(json: unknown): string {
  try {
    loadConfig(json, '/etc/satchel');
  } catch (error) {
    expect((error as BridgeError).code).toBe('BRIDGE_ERR_CONFIG');
    return (error as Error).message;
  }
  throw new Error('config was accepted');
}

describe('loadConfig: metrics and drain', () => {
  it('serves no metrics unless the config names a port for them', () => {
    expect(loadConfig(minimal, '/').metrics).toBeNull();
  });

  it('puts the metrics listener on loopback when only its port is given', () => {
    expect(loadConfig({ ...minimal, metrics: { port: 9464 } }, '/').metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ ...minimal, metrics: { host: '10.0.0.5', port: 0 } }, '/').metrics).toEqual({ host: '10.0.0.5', port: 0 });
  });

  it('refuses a metrics listener without a port, or with unknown keys', () => {
    expect(messageOf({ ...minimal, metrics: {} })).toMatch(/metrics\.port: is required/);
    expect(messageOf({ ...minimal, metrics: { port: 9464, path: '/m' } })).toMatch(/metrics\.path: unknown key/);
    expect(messageOf({ ...minimal, metrics: { port: 70000 } })).toMatch(/metrics\.port: must be between 0 and 65535/);
  });

  it('drains for 30 s by default, and takes 0 (cut at once) up to an hour', () => {
    expect(loadConfig(minimal, '/').limits.drainGraceMs).toBe(30_000);
    expect(loadConfig({ ...minimal, limits: { drainGraceMs: 0 } }, '/').limits.drainGraceMs).toBe(0);
    expect(messageOf({ ...minimal, limits: { drainGraceMs: 3_600_001 } })).toMatch(/limits\.drainGraceMs/);
  });
});
