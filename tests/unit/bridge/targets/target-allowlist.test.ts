import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../../../bridge/config/index.ts';
import { TargetAllowlist, type LookupFn } from '../../../../bridge/targets/index.ts';
import { TunnelError } from '../../../../shared/tunnel/index.ts';

const target = (overrides: Partial<TargetConfig> = {}): TargetConfig => ({
  name: 'mail',
  label: 'Mail',
  host: 'mail.example.org',
  port: 995,
  tls: 'implicit',
  allowLocal: false,
  endToEnd: false,
  ...overrides,
});

const answering = (...addresses: string[]): LookupFn => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TunnelError);
  return (error as TunnelError).code;
}

describe('TargetAllowlist', () => {
  it('resolves a configured name to the exact public address it checked', async () => {
    const allowlist = new TargetAllowlist([target()], answering('93.184.216.34'));
    const resolved = await allowlist.resolve('mail');
    expect(resolved).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(resolved.target.host).toBe('mail.example.org');
  });

  it('refuses a name that is not in the config', async () => {
    const allowlist = new TargetAllowlist([target()], answering('93.184.216.34'));
    expect(await codeOf(allowlist.resolve('other'))).toBe('TUNNEL_ERR_TARGET_UNKNOWN');
  });

  it('refuses a target that resolves to a private address', async () => {
    const allowlist = new TargetAllowlist([target()], answering('10.0.0.5'));
    expect(await codeOf(allowlist.resolve('mail'))).toBe('TUNNEL_ERR_TARGET_DENIED');
  });

  it('refuses a target when any one of its addresses is loopback, even if another is public', async () => {
    const allowlist = new TargetAllowlist([target()], answering('93.184.216.34', '127.0.0.1'));
    expect(await codeOf(allowlist.resolve('mail'))).toBe('TUNNEL_ERR_TARGET_DENIED');
  });

  it('refuses an IPv4-mapped loopback answer', async () => {
    const allowlist = new TargetAllowlist([target()], answering('::ffff:7f00:1'));
    expect(await codeOf(allowlist.resolve('mail'))).toBe('TUNNEL_ERR_TARGET_DENIED');
  });

  it('refuses a private IP literal host without asking DNS', async () => {
    let asked = false;
    const allowlist = new TargetAllowlist([target({ host: '192.168.0.10' })], async () => {
      asked = true;
      return [];
    });
    expect(await codeOf(allowlist.resolve('mail'))).toBe('TUNNEL_ERR_TARGET_DENIED');
    expect(asked).toBe(false);
  });

  it('allows a local address when the target says allowLocal', async () => {
    const allowlist = new TargetAllowlist([target({ allowLocal: true })], answering('10.0.0.5'));
    expect((await allowlist.resolve('mail')).address).toBe('10.0.0.5');
  });

  it('refuses a plaintext target that resolves off loopback, even with allowLocal', async () => {
    const allowlist = new TargetAllowlist([target({ host: 'pop.lan', tls: 'plaintext', allowLocal: true })], answering('192.168.1.2'));
    expect(await codeOf(allowlist.resolve('mail'))).toBe('TUNNEL_ERR_TARGET_DENIED');
  });

  it('reports a lookup failure as a DNS error', async () => {
    const allowlist = new TargetAllowlist([target()], async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    });
    expect(await codeOf(allowlist.resolve('mail'))).toBe('TUNNEL_ERR_DNS');
  });

  it('reports an empty answer as a DNS error', async () => {
    const allowlist = new TargetAllowlist([target()], answering());
    expect(await codeOf(allowlist.resolve('mail'))).toBe('TUNNEL_ERR_DNS');
  });

  it('lists only name, label and tls mode', () => {
    const allowlist = new TargetAllowlist([target()]);
    expect(allowlist.list()).toEqual([{ name: 'mail', label: 'Mail', tls: 'implicit' }]);
  });

  it('lists the host name of an end-to-end target, which the browser verifies the certificate against', () => {
    const allowlist = new TargetAllowlist([target({ endToEnd: true })]);
    expect(allowlist.list()).toEqual([{ name: 'mail', label: 'Mail', tls: 'implicit', endToEnd: { host: 'mail.example.org' } }]);
  });

  it('fails with TUNNEL_ERR_DNS when the resolver does not answer within its timeout', async () => {
    const silent: LookupFn = () => new Promise(() => {});
    const allowlist = new TargetAllowlist([target()], silent, 50);
    const error = await allowlist.resolve('mail').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TunnelError);
    expect((error as TunnelError).code).toBe('TUNNEL_ERR_DNS');
    expect((error as TunnelError).message).toContain('ETIMEOUT');
  });
});
