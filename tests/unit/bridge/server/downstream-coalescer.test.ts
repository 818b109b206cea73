import { describe, expect, it } from 'vitest';
import { DownstreamCoalescer } from '../../../../bridge/server/downstream-coalescer.ts';

function harness(maxBytes: number) {
  const sent: string[] = [];
  const deferred: Array<() => void> = [];
  const coalescer = new DownstreamCoalescer((chunk) => sent.push(chunk.toString('latin1')), { maxBytes, defer: (run) => deferred.push(run) });
  const endTurn = (): void => {
    for (const run of deferred.splice(0)) run();
  };
  return { coalescer, sent, endTurn };
}

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('DownstreamCoalescer', () => {
  it('sends the chunks of one turn as one message at the end of the turn, in order', () => {
    const { coalescer, sent, endTurn } = harness(1024);
    coalescer.push(bytes('+OK 3 octets\r\n'));
    coalescer.push(bytes('abc\r\n'));
    coalescer.push(bytes('.\r\n'));
    expect(sent).toEqual([]);
    endTurn();
    expect(sent).toEqual(['+OK 3 octets\r\nabc\r\n.\r\n']);
    coalescer.push(bytes('+OK next\r\n'));
    endTurn();
    expect(sent).toEqual(['+OK 3 octets\r\nabc\r\n.\r\n', '+OK next\r\n']);
  });

  it('never lets a message grow past the limit, and sends a full one without waiting for the turn to end', () => {
    const { coalescer, sent, endTurn } = harness(8);
    coalescer.push(bytes('12345'));
    coalescer.push(bytes('6789'));
    expect(sent).toEqual(['12345']);
    coalescer.push(bytes('abcd'));
    expect(sent).toEqual(['12345', '6789abcd']);
    coalescer.push(bytes('a chunk over the limit'));
    coalescer.push(bytes('z'));
    endTurn();
    expect(sent).toEqual(['12345', '6789abcd', 'a chunk over the limit', 'z']);
  });

  it('flushes on demand, so a control message sent next cannot overtake the mail', () => {
    const { coalescer, sent, endTurn } = harness(1024);
    coalescer.push(bytes('last bytes'));
    coalescer.flush();
    sent.push('upstream-closed');
    endTurn();
    expect(sent).toEqual(['last bytes', 'upstream-closed']);
  });

  it('forgets what is pending when dropped: the WebSocket it was meant for is gone', () => {
    const { coalescer, sent, endTurn } = harness(1024);
    coalescer.push(bytes('never sent'));
    coalescer.drop();
    endTurn();
    expect(sent).toEqual([]);
  });
});
