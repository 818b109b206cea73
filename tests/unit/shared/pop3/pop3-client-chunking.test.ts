import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dotStuff, Pop3RemoteProtocolError } from '../../../../shared/pop3/index.ts';
import { replay } from './support/replay.ts';
import { loadTranscript, serverStream, type TranscriptStep } from './support/transcript.ts';

const FIXTURES = ['dovecot-pipelining.pop3', 'qpopper-no-capa.pop3', 'sasl-login-failures.pop3'];

describe('Pop3Client under random chunking', () => {
  it.each(FIXTURES)('gives the same events for any chunking of %s', (fixture) => {
    const steps = loadTranscript(fixture);
    const length = serverStream(steps).bytes.length;
    const whole = replay(steps, []).events;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: length }), { maxLength: 60 }), (cuts) => {
        expect(replay(steps, cuts).events).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('delivers arbitrary pipelined bodies exactly, whatever the chunking', () => {
    const bodyByte = fc.oneof(fc.constantFrom(0x0d, 0x0a, 0x2e), fc.integer({ min: 0, max: 255 }));
    const body = fc.array(bodyByte, { maxLength: 200 }).map((b) => Uint8Array.from(b.length === 0 ? b : [...b, 0x0d, 0x0a]));
    fc.assert(
      fc.property(fc.array(body, { minLength: 1, maxLength: 5 }), fc.array(fc.nat({ max: 1500 }), { maxLength: 30 }), (bodies, cuts) => {
        const steps: TranscriptStep[] = [
          { kind: 'server', bytes: ascii('+OK hi\r\n') },
          { kind: 'send', command: { type: 'CAPA' }, line: 'CAPA' },
          { kind: 'server', bytes: ascii('+OK\r\nPIPELINING\r\n.\r\n') },
          { kind: 'send', command: { type: 'USER', name: 'u' }, line: 'USER u' },
          { kind: 'send', command: { type: 'PASS', password: 'p' }, line: 'PASS p' },
          { kind: 'server', bytes: ascii('+OK\r\n+OK\r\n') },
          { kind: 'send', command: { type: 'CAPA' }, line: 'CAPA' },
          { kind: 'server', bytes: ascii('+OK\r\nPIPELINING\r\n.\r\n') },
          ...bodies.map((_, i): TranscriptStep => ({ kind: 'send', command: { type: 'RETR', msg: i + 1 }, line: `RETR ${i + 1}` })),
          ...bodies.map((b): TranscriptStep => ({ kind: 'server', bytes: Uint8Array.from([...ascii('+OK\r\n'), ...dotStuff(b)]) })),
        ];
        const { events, client } = replay(steps, cuts);
        const messages = events.flatMap((e) => (e.type === 'message' ? [e.bytes] : []));
        expect(messages).toEqual(bodies);
        expect(client.pending).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('fails the same way for any chunking of a too-large message', () => {
    const steps: TranscriptStep[] = [
      { kind: 'server', bytes: ascii('+OK hi\r\n') },
      { kind: 'send', command: { type: 'USER', name: 'u' }, line: 'USER u' },
      { kind: 'server', bytes: ascii('+OK\r\n') },
      { kind: 'send', command: { type: 'PASS', password: 'p' }, line: 'PASS p' },
      { kind: 'server', bytes: ascii('+OK\r\n') },
      { kind: 'send', command: { type: 'RETR', msg: 1 }, line: 'RETR 1' },
      { kind: 'server', bytes: ascii(`+OK\r\n${'x\r\n..\r\n'.repeat(20)}.\r\n`) },
    ];
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 150 }), { maxLength: 20 }), (cuts) => {
        expect(() => replay(steps, cuts, { limits: { maxMessageSize: 99 } })).toThrow(Pop3RemoteProtocolError);
      }),
      { numRuns: 100 },
    );
  });
});

function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
