import { describe, expect, it } from 'vitest';
import { closeCodeLabel, refusalOf, upstreamErrorOf } from '../../../../../bridge/server/metrics/tunnel-outcomes.ts';

const closed = (fields: Record<string, unknown>) => ({ event: 'tunnel-closed', id: 'a', target: 'mail', ...fields });

describe('tunnel outcomes for the metrics', () => {
  it('counts an Origin refused at the upgrade, and a TCP connection dropped over the cap', () => {
    expect(refusalOf({ event: 'tunnel-refused', ip: '198.51.100.7', code: 'TUNNEL_ERR_ORIGIN_DENIED' })).toBe('TUNNEL_ERR_ORIGIN_DENIED');
    expect(refusalOf({ event: 'connection-refused', ip: '198.51.100.7', code: 'BRIDGE_ERR_TOO_MANY_CONNECTIONS' })).toBe('BRIDGE_ERR_TOO_MANY_CONNECTIONS');
  });

  it('counts a refusal of a tunnel once, at its close, not at the log line before it', () => {
    expect(refusalOf({ event: 'tunnel-refused', id: 'a', code: 'TUNNEL_ERR_TOO_MANY_CONNECTIONS' })).toBeNull();
    expect(refusalOf(closed({ code: 'TUNNEL_ERR_TOO_MANY_CONNECTIONS' }))).toBe('TUNNEL_ERR_TOO_MANY_CONNECTIONS');
    expect(refusalOf({ event: 'tunnel-resume-refused', id: 'a', code: 'TUNNEL_ERR_RESUME_DENIED' })).toBeNull();
  });

  it('tells a resume of an unknown session from a parked session whose grace ran out', () => {
    expect(refusalOf(closed({ target: null, code: 'TUNNEL_ERR_RESUME_EXPIRED' }))).toBe('TUNNEL_ERR_RESUME_EXPIRED');
    expect(refusalOf(closed({ target: 'mail', code: 'TUNNEL_ERR_RESUME_EXPIRED' }))).toBeNull();
  });

  it('does not call a clean end, a timeout or a shutdown a refusal', () => {
    for (const code of [null, 'TUNNEL_ERR_CLOSED', 'TUNNEL_ERR_TIMEOUT', 'TUNNEL_ERR_SHUTTING_DOWN', 'TUNNEL_ERR_TLS']) expect(refusalOf(closed({ code }))).toBeNull();
  });

  it('names the mail-server errors: DNS, connect, TLS and STLS', () => {
    for (const code of ['TUNNEL_ERR_DNS', 'TUNNEL_ERR_CONNECT', 'TUNNEL_ERR_TLS', 'TUNNEL_ERR_STLS_UNAVAILABLE', 'TUNNEL_ERR_STLS_REFUSED', 'TUNNEL_ERR_UPSTREAM_PROTOCOL']) {
      expect(upstreamErrorOf(closed({ code }))).toBe(code);
    }
    expect(upstreamErrorOf(closed({ code: 'TUNNEL_ERR_TARGET_DENIED' }))).toBeNull();
    expect(upstreamErrorOf({ event: 'tunnel-ready', code: 'TUNNEL_ERR_TLS' })).toBeNull();
  });

  it('labels a close by its code only when the code is a known one', () => {
    expect(closeCodeLabel(closed({ code: null }))).toBe('none');
    expect(closeCodeLabel(closed({ code: 'TUNNEL_ERR_FLOOD' }))).toBe('TUNNEL_ERR_FLOOD');
    expect(closeCodeLabel(closed({ code: 'user@example.org' }))).toBe('other');
  });
});
