import { describe, expect, it } from 'vitest';
import { LoginMechanism } from '../../../../../shared/pop3/index.ts';

describe('LoginMechanism', () => {
  it('answers the username prompt, then the password prompt, then refuses a third', () => {
    const login = new LoginMechanism('tim', 'tanstaaf');
    expect(login.initialResponse()).toBeNull();
    expect(login.respond('VXNlcm5hbWU6')).toBe('dGlt');
    expect(login.respond('UGFzc3dvcmQ6')).toBe('dGFuc3RhYWY=');
    expect(() => login.respond('')).toThrow();
  });
});
