import { describe, expect, it } from 'vitest';
import { renderHaproxyConfig } from '../../../scripts/haproxy-config.ts';

const base = { bind: ':443', certificate: '/etc/haproxy/satchel.pem' };
const bridges = [
  { id: 'bridge-1', address: '10.0.0.11:8080' },
  { id: 'bridge-2', address: '10.0.0.12:8080' },
];

describe('renderHaproxyConfig', () => {
  it('gives every bridge a server and a resume route by its id, and balances the rest by least connections', () => {
    const config = renderHaproxyConfig({ ...base, bridges });
    expect(config).toContain('    server bridge-1 10.0.0.11:8080\n    server bridge-2 10.0.0.12:8080');
    expect(config).toContain('use-server bridge-2 if { path /tunnel } { url_param(resume) -m str bridge-2 }');
    expect(config).toMatch(/^\s+balance leastconn$/m);
    // A bridge that is shutting down answers "closing" and must get no new tunnels.
    expect(config).toContain('http-check expect string \\"status\\":\\"ok\\"');
    expect(config).toContain('bind :443 ssl crt /etc/haproxy/satchel.pem');
    expect(config).not.toMatch(/\{\{/);
  });

  it('replaces the client\'s forwarding headers instead of appending to them', () => {
    const config = renderHaproxyConfig({ ...base, bridges });
    expect(config.indexOf('http-request del-header X-Forwarded-For')).toBeLessThan(config.indexOf('option forwardfor'));
    expect(config).toContain('http-request set-header X-Forwarded-Proto https');
  });

  it('refuses a bridge id the bridge would refuse, and values that would be HAProxy syntax', () => {
    expect(() => renderHaproxyConfig({ ...base, bridges: [{ id: 'bridge.1', address: '10.0.0.11:8080' }] })).toThrow(/bridge id/);
    expect(() => renderHaproxyConfig({ ...base, bridges: [{ id: 'b1', address: '10.0.0.11:8080 backup' }] })).toThrow(/syntax/);
    expect(() => renderHaproxyConfig({ ...base, certificate: '/x.pem\n  server evil 1.2.3.4:80', bridges })).toThrow(/syntax/);
    expect(() => renderHaproxyConfig({ ...base, bridges: [] })).toThrow(/at least one bridge/);
  });
});
