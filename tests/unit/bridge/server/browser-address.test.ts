import { describe, expect, it } from 'vitest';
import { browserAddress } from '../../../../bridge/server/browser-address.ts';

describe('browserAddress', () => {
  it('prints a loopback bridge as http://localhost:PORT, the address the README gives', () => {
    expect(browserAddress('http://127.0.0.1:8080')).toBe('http://localhost:8080');
    expect(browserAddress('http://[::1]:9000')).toBe('http://localhost:9000');
  });

  it('leaves any other host as it is', () => {
    expect(browserAddress('https://mail.example.org:8443')).toBe('https://mail.example.org:8443');
    expect(browserAddress('http://192.168.1.20:8080')).toBe('http://192.168.1.20:8080');
  });
});
