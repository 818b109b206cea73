import { describe, expect, it } from 'vitest';
import { renderFetchmailRc } from '../../../bench/clients/fetchmail-runner.ts';
import { renderMpopRc } from '../../../bench/clients/mpop-runner.ts';
import { quoteRc } from '../../../bench/clients/reference-client.ts';

const account = { host: 'localhost' as const, port: 4321, caCertFile: '/tmp/ca.pem', user: 'bench300', password: 'pa "ss" \\ word' };

describe('generated rc files', () => {
  it('mpop: implicit TLS to localhost trusting the CA, keep, maildir in the work folder, no Received line', () => {
    const rc = renderMpopRc(account, '/w');
    for (const line of ['host localhost', 'port 4321', 'tls on', 'tls_starttls off', 'tls_trust_file "/tmp/ca.pem"', 'keep on', 'delivery maildir "/w/maildir"', 'uidls_file "/w/uidls"', 'received_header off', 'password "pa \\"ss\\" \\\\ word"']) {
      expect(rc.split('\n')).toContain(line);
    }
  });

  it('fetchmail: ssl with certificate checks against the CA, uidl, keep, headers left as served (no rewrite, bad headers delivered), an MDA in the work folder, no daemon', () => {
    const rc = renderFetchmailRc(account, '/w');
    expect(rc).toContain('poll localhost port 4321 protocol pop3 uidl timeout 60 bad-header accept');
    expect(rc).toContain('ssl sslcertck sslcertfile "/tmp/ca.pem"');
    expect(rc).toContain('  keep');
    expect(rc).toContain('  no rewrite');
    expect(rc).toContain('mda "/w/deliver.sh"');
    expect(rc).toContain('set idfile "/w/fetchids"');
    expect(rc).not.toMatch(/daemon/);
  });

  it('refuses values with line breaks, which could inject rc commands', () => {
    expect(() => quoteRc('x\npoll evil')).toThrow(/line breaks/);
  });
});
