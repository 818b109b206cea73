import { describe, expect, it } from 'vitest';
import { BridgeLogger } from '../../../../bridge/logging/index.ts';
import { ResumeFailureLimiter, ResumeRegistry, type ResumableSession } from '../../../../bridge/server/index.ts';
import type { TunnelError } from '../../../../shared/tunnel/index.ts';

const GOOD = `b1.${'g'.repeat(43)}`;
const BAD = `b1.${'b'.repeat(43)}`;

function setup(maxFailures = 10) {
  const logs: Array<Record<string, unknown>> = [];
  const registry = new ResumeRegistry<ResumableSession>(new BridgeLogger((entry) => logs.push(entry)), new ResumeFailureLimiter(maxFailures), 'b1');
  const session: ResumableSession = { id: 'session-aaaaaaaaaaaaaaaa', tokenMatches: (token) => token === GOOD };
  registry.add(session);
  return { registry, session, logs };
}

function codeOf(claim: () => unknown): string | undefined {
  try {
    claim();
  } catch (error) {
    return (error as TunnelError).code;
  }
  return undefined;
}

describe('ResumeRegistry', () => {
  it('hands over the session for its current token', () => {
    const { registry, session } = setup();
    expect(registry.claim(session.id, GOOD, '192.0.2.1')).toBe(session);
  });

  it('denies a wrong token and logs the refusal without the token', () => {
    const { registry, session, logs } = setup();
    expect(codeOf(() => registry.claim(session.id, BAD, '192.0.2.1'))).toBe('TUNNEL_ERR_RESUME_DENIED');
    expect(logs).toMatchObject([{ event: 'tunnel-resume-refused', id: session.id, ip: '192.0.2.1', code: 'TUNNEL_ERR_RESUME_DENIED' }]);
    expect(JSON.stringify(logs)).not.toContain(BAD);
  });

  it('calls an unknown or removed session expired', () => {
    const { registry, session } = setup();
    expect(codeOf(() => registry.claim('session-bbbbbbbbbbbbbbbb', GOOD, '192.0.2.1'))).toBe('TUNNEL_ERR_RESUME_EXPIRED');
    registry.delete(session);
    expect(codeOf(() => registry.claim(session.id, GOOD, '192.0.2.1'))).toBe('TUNNEL_ERR_RESUME_EXPIRED');
  });

  it('calls a token of another bridge expired without charging the address a failed attempt', () => {
    const { registry, session, logs } = setup(1);
    const foreign = `b2.${'g'.repeat(43)}`;
    expect(codeOf(() => registry.claim(session.id, foreign, '192.0.2.1'))).toBe('TUNNEL_ERR_RESUME_EXPIRED');
    expect(codeOf(() => registry.claim(session.id, foreign, '192.0.2.1'))).toBe('TUNNEL_ERR_RESUME_EXPIRED');
    expect(logs).toMatchObject([{ code: 'TUNNEL_ERR_RESUME_EXPIRED' }, { code: 'TUNNEL_ERR_RESUME_EXPIRED' }]);
    expect(registry.claim(session.id, GOOD, '192.0.2.1')).toBe(session);
  });

  it('refuses even the right token from an IP that used up its failed attempts', () => {
    const { registry, session } = setup(2);
    codeOf(() => registry.claim(session.id, BAD, '192.0.2.1'));
    codeOf(() => registry.claim('session-cccccccccccccccc', GOOD, '192.0.2.1'));
    expect(codeOf(() => registry.claim(session.id, GOOD, '192.0.2.1'))).toBe('TUNNEL_ERR_RESUME_DENIED');
    expect(registry.claim(session.id, GOOD, '192.0.2.2')).toBe(session);
  });
});
