import { describe, expect, it } from 'vitest';
import { parseBridgeMessage, parseClientMessage, TunnelError } from '../../../../shared/tunnel/index.ts';

const TOKEN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ'; // 43 base64url characters
const SESSION = '0f8fad5b-d9cb-469f-a165-70867728950e';

function codeOf(parse: () => unknown): string | undefined {
  try {
    parse();
  } catch (error) {
    return (error as TunnelError).code;
  }
  return undefined;
}

describe('tunnel protocol: resumption messages', () => {
  it('keeps the plain open message valid and adds an optional resumable flag', () => {
    expect(parseClientMessage('{"type":"open","v":1,"target":"mail"}')).toEqual({ type: 'open', v: 1, target: 'mail' });
    expect(parseClientMessage('{"type":"open","v":1,"target":"mail","resumable":true}')).toEqual({ type: 'open', v: 1, target: 'mail', resumable: true });
    expect(codeOf(() => parseClientMessage('{"type":"open","v":1,"target":"mail","resumable":"yes"}'))).toBe('TUNNEL_ERR_BAD_MESSAGE');
  });

  it('takes routable only as true, and only with resumable', () => {
    expect(parseClientMessage('{"type":"open","v":1,"target":"mail","resumable":true,"routable":true}')).toEqual({ type: 'open', v: 1, target: 'mail', resumable: true, routable: true });
    expect(codeOf(() => parseClientMessage('{"type":"open","v":1,"target":"mail","routable":true}'))).toBe('TUNNEL_ERR_BAD_MESSAGE');
    expect(codeOf(() => parseClientMessage('{"type":"open","v":1,"target":"mail","resumable":true,"routable":1}'))).toBe('TUNNEL_ERR_BAD_MESSAGE');
  });

  it('parses a resume with session id, token and both byte counts', () => {
    const text = JSON.stringify({ type: 'resume', v: 1, sessionId: SESSION, token: TOKEN, received: 1234, sent: 56 });
    expect(parseClientMessage(text)).toEqual({ type: 'resume', v: 1, sessionId: SESSION, token: TOKEN, received: 1234, sent: 56 });
  });

  it('accepts a token that names its bridge before a dot, and refuses a route that is empty, too long or not base64url', () => {
    const resume = (token: string) => JSON.stringify({ type: 'resume', v: 1, sessionId: SESSION, token, received: 0, sent: 0 });
    expect(parseClientMessage(resume(`bridge-2.${TOKEN}`))).toMatchObject({ token: `bridge-2.${TOKEN}` });
    for (const token of [`.${TOKEN}`, `${'b'.repeat(33)}.${TOKEN}`, `a/b.${TOKEN}`, `a.b.${TOKEN}`, `bridge-2.${TOKEN.slice(1)}`]) {
      expect(codeOf(() => parseClientMessage(resume(token)))).toBe('TUNNEL_ERR_BAD_MESSAGE');
    }
  });

  it('refuses a resume whose token is not 32 bytes of base64url', () => {
    for (const token of [TOKEN.slice(1), `${TOKEN.slice(1)}=`, `${TOKEN.slice(1)}+`, 42]) {
      expect(codeOf(() => parseClientMessage(JSON.stringify({ type: 'resume', v: 1, sessionId: SESSION, token, received: 0, sent: 0 })))).toBe('TUNNEL_ERR_BAD_MESSAGE');
    }
  });

  it('refuses byte counts that are negative, fractional or beyond exact integers', () => {
    for (const received of [-1, 1.5, 2 ** 53, '12']) {
      expect(codeOf(() => parseClientMessage(JSON.stringify({ type: 'ack', v: 1, received })))).toBe('TUNNEL_ERR_BAD_MESSAGE');
    }
  });

  it('parses ready with and without a resume grant, and refuses a malformed grant', () => {
    const ready = { type: 'ready', v: 1, target: 'mail', tls: 'implicit', greeting: 'relayed' };
    expect(parseBridgeMessage(JSON.stringify(ready))).toEqual(ready);
    expect(parseBridgeMessage(JSON.stringify({ ...ready, resume: { sessionId: SESSION, token: TOKEN } }))).toEqual({ ...ready, resume: { sessionId: SESSION, token: TOKEN } });
    expect(codeOf(() => parseBridgeMessage(JSON.stringify({ ...ready, resume: { sessionId: SESSION } })))).toBe('TUNNEL_ERR_BAD_MESSAGE');
  });

  it('parses resumed and the bridge ack, with its request for an ack only when it is true', () => {
    expect(parseBridgeMessage(JSON.stringify({ type: 'resumed', v: 1, received: 10, token: TOKEN }))).toEqual({ type: 'resumed', v: 1, received: 10, token: TOKEN });
    expect(parseBridgeMessage(JSON.stringify({ type: 'ack', v: 1, received: 0 }))).toEqual({ type: 'ack', v: 1, received: 0 });
    expect(parseBridgeMessage(JSON.stringify({ type: 'ack', v: 1, received: 5, wanted: true }))).toEqual({ type: 'ack', v: 1, received: 5, wanted: true });
    expect(parseBridgeMessage(JSON.stringify({ type: 'ack', v: 1, received: 5, wanted: 'yes' }))).toEqual({ type: 'ack', v: 1, received: 5 });
    expect(codeOf(() => parseBridgeMessage(JSON.stringify({ type: 'resumed', v: 1, received: 10 })))).toBe('TUNNEL_ERR_BAD_MESSAGE');
  });
});
