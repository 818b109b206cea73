import { describe, expect, it } from 'vitest';
import { base64Utf8, utf8FromBase64 } from '../../../../../shared/bytes/index.ts';
import { ScramSha256Mechanism } from '../../../../../shared/pop3/index.ts';

// RFC 7677 §3: user "user", password "pencil".
const CLIENT_NONCE = 'rOprNGfwEbeRWgbNEkqO';
const SERVER_FIRST = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
const CLIENT_FINAL = 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const SERVER_FINAL = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

describe('ScramSha256Mechanism', () => {
  it('reproduces the RFC 7677 §3 exchange and verifies the server signature', async () => {
    const scram = new ScramSha256Mechanism('user', 'pencil', { clientNonce: CLIENT_NONCE });
    expect(utf8FromBase64(scram.initialResponse())).toBe(`n,,n=user,r=${CLIENT_NONCE}`);
    expect(utf8FromBase64(await scram.respond(base64Utf8(SERVER_FIRST)))).toBe(CLIENT_FINAL);
    expect(await scram.respond(base64Utf8(SERVER_FINAL))).toBe('');
  });

  it('rejects a server signature that does not verify', async () => {
    const scram = new ScramSha256Mechanism('user', 'wrong', { clientNonce: CLIENT_NONCE });
    await scram.respond(base64Utf8(SERVER_FIRST));
    await expect(scram.respond(base64Utf8(SERVER_FINAL))).rejects.toThrow(/did not verify/);
  });

  it('rejects a server nonce that does not extend the client nonce', async () => {
    const scram = new ScramSha256Mechanism('user', 'pencil', { clientNonce: CLIENT_NONCE });
    await expect(scram.respond(base64Utf8('r=someoneElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096'))).rejects.toThrow(/server-first/);
  });

  it('uses a random nonce by default', () => {
    const a = utf8FromBase64(new ScramSha256Mechanism('u', 'p').initialResponse());
    const b = utf8FromBase64(new ScramSha256Mechanism('u', 'p').initialResponse());
    expect(a).toMatch(/^n,,n=u,r=[A-Za-z0-9+/]{24}$/);
    expect(a).not.toBe(b);
  });
});
