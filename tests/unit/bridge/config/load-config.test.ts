import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPRESSION, DEFAULT_LIMITS, DEFAULT_STATIC_DIR, applyEnvironment, loadConfig } from '../../../../bridge/config/index.ts';
import { BridgeError } from '../../../../bridge/errors/index.ts';

const target = { name: 'mail', label: 'Mail', host: 'mail.example.org', port: 995, tls: 'implicit' };
const minimal = { targets: [target] };

function errorOf(json: unknown): BridgeError {
  try {
    loadConfig(json, '/etc/satchel');
  } catch (error) {
    expect(error).toBeInstanceOf(BridgeError);
    expect((error as BridgeError).code).toBe('BRIDGE_ERR_CONFIG');
    return error as BridgeError;
  }
  throw new Error('config was accepted');
}

describe('loadConfig', () => {
  it('fills every default for a minimal config', () => {
    const config = loadConfig(minimal, '/etc/satchel');
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.tls).toBeNull();
    expect(config.allowedOrigins).toBeNull();
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.compression.enabled).toBe(true);
    expect(config.staticDir).toBe(DEFAULT_STATIC_DIR);
    expect(config.trustProxy).toBe(false);
    expect(config.bridgeId).toBeNull();
    expect(config.targets[0]).toEqual({ ...target, allowLocal: false, endToEnd: false });
  });

  it('resolves file paths against the config folder', () => {
    const config = loadConfig({ ...minimal, tls: { certFile: 'cert.pem', keyFile: '/k/key.pem' }, upstreamCaFile: 'ca.pem', staticDir: 'web' }, '/etc/satchel');
    expect(config.tls).toEqual({ certFile: '/etc/satchel/cert.pem', keyFile: '/k/key.pem' });
    expect(config.upstreamCaFile).toBe('/etc/satchel/ca.pem');
    expect(config.staticDir).toBe('/etc/satchel/web');
  });

  it('accepts port 0 for tests and partial limits', () => {
    const config = loadConfig({ ...minimal, listen: { port: 0 }, limits: { maxPayload: 2048 } }, '/');
    expect(config.listen.port).toBe(0);
    expect(config.limits.maxPayload).toBe(2048);
    expect(config.limits.maxConnections).toBe(DEFAULT_LIMITS.maxConnections);
  });

  it('rejects an unknown top-level key, naming it', () => {
    expect(errorOf({ ...minimal, allowedOrigin: ['https://a.example'] }).message).toMatch(/allowedOrigin: unknown key/);
  });

  it('rejects an unknown key inside a target, naming its path', () => {
    expect(errorOf({ targets: [{ ...target, user: 'ada' }] }).message).toMatch(/targets\[0\]\.user: unknown key/);
  });

  it('rejects an unknown limit', () => {
    expect(errorOf({ ...minimal, limits: { maxPayloadBytes: 1 } }).message).toMatch(/limits\.maxPayloadBytes/);
  });

  it('requires at least one target', () => {
    expect(errorOf({ targets: [] }).message).toMatch(/targets: must have at least 1 entry/);
    expect(errorOf({}).message).toMatch(/targets: must be an array/);
  });

  it('rejects duplicate target names', () => {
    expect(errorOf({ targets: [target, target] }).message).toMatch(/duplicate target name "mail"/);
  });

  it('rejects a bad tls mode, port or target name', () => {
    expect(errorOf({ targets: [{ ...target, tls: 'none' }] }).message).toMatch(/targets\[0\]\.tls: must be one of/);
    expect(errorOf({ targets: [{ ...target, port: 70000 }] }).message).toMatch(/targets\[0\]\.port: must be between 1 and 65535/);
    expect(errorOf({ targets: [{ ...target, port: '995' }] }).message).toMatch(/must be an integer/);
    expect(errorOf({ targets: [{ ...target, name: '../x' }] }).message).toMatch(/targets\[0\]\.name/);
  });

  it('rejects a host given as host:port or a URL', () => {
    expect(errorOf({ targets: [{ ...target, host: 'mail.example.org:995' }] }).message).toMatch(/targets\[0\]\.host/);
    expect(errorOf({ targets: [{ ...target, host: 'pop3://mail.example.org' }] }).message).toMatch(/targets\[0\]\.host/);
  });

  it('refuses plaintext without allowLocal', () => {
    expect(errorOf({ targets: [{ ...target, host: '127.0.0.1', tls: 'plaintext' }] }).message).toMatch(/allowLocal/);
  });

  it('refuses plaintext to a non-loopback IP literal even with allowLocal', () => {
    expect(errorOf({ targets: [{ ...target, host: '10.0.0.1', tls: 'plaintext', allowLocal: true }] }).message).toMatch(/loopback/);
  });

  it('accepts plaintext to loopback or localhost with allowLocal', () => {
    expect(loadConfig({ targets: [{ ...target, host: '127.0.0.1', tls: 'plaintext', allowLocal: true }] }, '/').targets[0]?.tls).toBe('plaintext');
    expect(loadConfig({ targets: [{ ...target, host: 'localhost', tls: 'plaintext', allowLocal: true }] }, '/').targets[0]?.host).toBe('localhost');
  });

  it('reads endToEnd for implicit and STLS targets, false when absent', () => {
    expect(loadConfig({ targets: [target] }, '/').targets[0]?.endToEnd).toBe(false);
    expect(loadConfig({ targets: [{ ...target, endToEnd: true }] }, '/').targets[0]?.endToEnd).toBe(true);
    expect(loadConfig({ targets: [{ ...target, port: 110, tls: 'starttls', endToEnd: true }] }, '/').targets[0]?.endToEnd).toBe(true);
  });

  it('refuses endToEnd with plaintext, with an IP literal the browser could never verify, or not a boolean', () => {
    expect(errorOf({ targets: [{ ...target, host: '127.0.0.1', tls: 'plaintext', allowLocal: true, endToEnd: true }] }).message).toMatch(/endToEnd.*"implicit" or "starttls"/);
    expect(errorOf({ targets: [{ ...target, host: '192.0.2.7', endToEnd: true }] }).message).toMatch(/endToEnd.*host name/);
    expect(errorOf({ targets: [{ ...target, endToEnd: 'yes' }] }).message).toMatch(/endToEnd/);
  });

  it('accepts exact origins and rejects paths, trailing slashes and wildcards', () => {
    expect(loadConfig({ ...minimal, allowedOrigins: ['https://mail.example.org', 'http://localhost:5173'] }, '/').allowedOrigins).toEqual([
      'https://mail.example.org',
      'http://localhost:5173',
    ]);
    expect(errorOf({ ...minimal, allowedOrigins: ['https://mail.example.org/'] }).message).toMatch(/allowedOrigins\[0\]: must be written exactly/);
    expect(errorOf({ ...minimal, allowedOrigins: ['*'] }).message).toMatch(/allowedOrigins\[0\]/);
    expect(errorOf({ ...minimal, allowedOrigins: [] }).message).toMatch(/allowedOrigins/);
  });

  it('rejects out-of-range compression settings', () => {
    expect(errorOf({ ...minimal, compression: { windowBits: 16 } }).message).toMatch(/compression\.windowBits: must be between 9 and 15/);
  });

  it('compresses adaptively by default', () => {
    expect(loadConfig(minimal, '/').compression).toEqual(DEFAULT_COMPRESSION);
    expect(DEFAULT_COMPRESSION).toMatchObject({ adaptive: true, plainAboveCompressorBytes: 262_144, plainBelowLinkBytes: 65_536, plainAfterMs: 1000, plainAboveLinkBytesPerSecond: 10_000_000, compressAboveLinkBytes: 262_144, compressAgainAfterMs: 15_000 });
    expect(loadConfig({ ...minimal, compression: { adaptive: false } }, '/').compression.adaptive).toBe(false);
    expect(errorOf({ ...minimal, compression: { adaptive: 'no' } }).message).toMatch(/compression\.adaptive: must be true or false/);
  });

  it('takes a link drain rate from 0 (off) to 10 GB/s', () => {
    expect(loadConfig({ ...minimal, compression: { plainAboveLinkBytesPerSecond: 0 } }, '/').compression.plainAboveLinkBytesPerSecond).toBe(0);
    expect(loadConfig({ ...minimal, compression: { plainAboveLinkBytesPerSecond: 125_000_000 } }, '/').compression.plainAboveLinkBytesPerSecond).toBe(125_000_000);
    expect(errorOf({ ...minimal, compression: { plainAboveLinkBytesPerSecond: -1 } }).message).toMatch(/compression\.plainAboveLinkBytesPerSecond: must be between 0 and 10000000000/);
    expect(errorOf({ ...minimal, compression: { plainAboveLinkBytesPerSecond: 1e11 } }).message).toMatch(/compression\.plainAboveLinkBytesPerSecond: must be between 0 and 10000000000/);
    expect(errorOf({ ...minimal, compression: { plainAboveLinkBytesPerSecond: 1.5 } }).message).toMatch(/compression\.plainAboveLinkBytesPerSecond: must be an integer/);
  });

  it('fits the default adaptive thresholds under a smaller highWaterMark instead of refusing the config', () => {
    const { compression } = loadConfig({ ...minimal, limits: { highWaterMark: 256 * 1024 } }, '/');
    expect(compression).toMatchObject({ plainAboveCompressorBytes: 131_072, compressAboveLinkBytes: 131_072, plainBelowLinkBytes: 32_768 });
    expect(loadConfig({ ...minimal, limits: { highWaterMark: 1024 } }, '/').compression).toMatchObject({ plainAboveCompressorBytes: 512, compressAboveLinkBytes: 512, plainBelowLinkBytes: 128 });
    expect(loadConfig(minimal, '/').compression).toMatchObject({ plainAboveCompressorBytes: 262_144, compressAboveLinkBytes: 262_144, plainBelowLinkBytes: 65_536 });
  });

  it('rejects an adaptive threshold the backlog cannot reach before highWaterMark pauses the mail server', () => {
    expect(errorOf({ ...minimal, compression: { compressAboveLinkBytes: 600_000 } }).message).toMatch(/compression\.compressAboveLinkBytes: must be at most half of limits\.highWaterMark \(524288\)/);
    // A threshold the file sets is checked against a smaller highWaterMark too.
    expect(errorOf({ ...minimal, limits: { highWaterMark: 256 * 1024 }, compression: { plainAboveCompressorBytes: 200_000 } }).message).toMatch(/compression\.plainAboveCompressorBytes: must be at most half of limits\.highWaterMark \(131072\)/);
    expect(loadConfig({ ...minimal, limits: { highWaterMark: 256 * 1024 }, compression: { adaptive: false } }, '/').limits.highWaterMark).toBe(256 * 1024);
    expect(loadConfig({ ...minimal, limits: { highWaterMark: 256 * 1024 }, compression: { enabled: false } }, '/').limits.highWaterMark).toBe(256 * 1024);
  });

  it('rejects link thresholds without a gap between them', () => {
    expect(errorOf({ ...minimal, compression: { plainBelowLinkBytes: 262_144 } }).message).toMatch(/compression\.plainBelowLinkBytes: must be below compressAboveLinkBytes \(262144\)/);
  });

  it('resumes sessions for two minutes with an 8 MiB buffer by default', () => {
    const { limits } = loadConfig(minimal, '/');
    expect([limits.resumeGraceMs, limits.resumeBufferBytes, limits.maxResumeFailuresPerIp]).toEqual([120_000, 8 * 1024 * 1024, 10]);
  });

  it('accepts resumeGraceMs 0 to turn resumption off, but not a grace too short to be meant', () => {
    expect(loadConfig({ ...minimal, limits: { resumeGraceMs: 0 } }, '/').limits.resumeGraceMs).toBe(0);
    expect(errorOf({ ...minimal, limits: { resumeGraceMs: 10 } }).message).toMatch(/limits\.resumeGraceMs: must be 0 \(off\) or at least 50/);
  });

  it('rejects a resume buffer smaller than a few acks\' worth', () => {
    expect(errorOf({ ...minimal, limits: { resumeBufferBytes: 65_536 } }).message).toMatch(/limits\.resumeBufferBytes: must be between 262144/);
  });

  it('takes trustProxy as true, false or a list of balancer addresses, and nothing else', () => {
    expect(loadConfig({ ...minimal, trustProxy: true }, '/').trustProxy).toBe(true);
    expect(loadConfig({ ...minimal, trustProxy: ['127.0.0.2', '::1'] }, '/').trustProxy).toEqual(['127.0.0.2', '::1']);
    expect(() => loadConfig({ ...minimal, trustProxy: ['lb.example.org'] }, '/')).toThrow(/trustProxy\[0\]: must be an IP address/);
    expect(() => loadConfig({ ...minimal, trustProxy: [] }, '/')).toThrow(/trustProxy: must have at least 1 entry/);
    expect(() => loadConfig({ ...minimal, trustProxy: 'yes' }, '/')).toThrow(/trustProxy: must be true, false or a list/);
  });

  it('takes a bridgeId a balancer can route by, and refuses one with a dot or over 32 characters', () => {
    expect(loadConfig({ ...minimal, bridgeId: 'bridge-2' }, '/').bridgeId).toBe('bridge-2');
    expect(() => loadConfig({ ...minimal, bridgeId: 'bridge.2' }, '/')).toThrow(/bridgeId: must be 1–32 characters/);
    expect(() => loadConfig({ ...minimal, bridgeId: 'b'.repeat(33) }, '/')).toThrow(/bridgeId: must be at most 32 characters/);
  });

  it('rejects a config that is not an object', () => {
    expect(errorOf(null).message).toMatch(/must be an object/);
    expect(errorOf([minimal]).message).toMatch(/must be an object/);
  });
});

describe('applyEnvironment', () => {
  it('lets PORT override listen.port', () => {
    expect(applyEnvironment(loadConfig(minimal, '/'), { PORT: '9000' }).listen.port).toBe(9000);
  });

  it('keeps listen.port when PORT is unset', () => {
    expect(applyEnvironment(loadConfig(minimal, '/'), {}).listen.port).toBe(8080);
  });

  it('rejects a PORT that is not a port number', () => {
    expect(() => applyEnvironment(loadConfig(minimal, '/'), { PORT: '80a' })).toThrow(BridgeError);
  });
});
