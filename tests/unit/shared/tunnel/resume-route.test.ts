import { describe, expect, it } from 'vitest';
import { resumeRoute, resumeUrl } from '../../../../shared/tunnel/index.ts';

const SECRET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';

describe('resumeRoute', () => {
  it('is the part of the token before the dot, and null for a token without one', () => {
    expect(resumeRoute(`bridge-2.${SECRET}`)).toBe('bridge-2');
    expect(resumeRoute(SECRET)).toBeNull();
  });
});

describe('resumeUrl', () => {
  it('adds the route as the resume parameter, after any query the tunnel URL already has', () => {
    expect(resumeUrl('wss://mail.example.org/tunnel', `b1.${SECRET}`)).toBe('wss://mail.example.org/tunnel?resume=b1');
    expect(resumeUrl('wss://mail.example.org/tunnel?x=1', `b1.${SECRET}`)).toBe('wss://mail.example.org/tunnel?x=1&resume=b1');
  });

  it('leaves the URL alone for a token without a route, and never carries the secret', () => {
    expect(resumeUrl('wss://mail.example.org/tunnel', SECRET)).toBe('wss://mail.example.org/tunnel');
    expect(resumeUrl('wss://mail.example.org/tunnel', `b1.${SECRET}`)).not.toContain(SECRET);
  });
});
