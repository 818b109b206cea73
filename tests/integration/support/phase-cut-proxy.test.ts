import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from '../../support/dovecot-harness.ts';
import { generateMailbox } from '../../support/generated-mail.ts';
import { startPhaseCutProxy, type ArmOptions, type CutPoint, type PhaseCutProxy } from '../../support/phase-cut-proxy.ts';

let dovecot: DovecotServer;
let proxy: PhaseCutProxy;
const mail = generateMailbox({ count: 2, seed: 7 });

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: 'cut', password: 'here', messages: mail }] });
  proxy = await startPhaseCutProxy({ host: dovecot.host, port: dovecot.pop3Port });
});

afterAll(async () => {
  await proxy?.close();
  await dovecot?.stop();
});

/** Sends `commands` at once (pipelined) and returns every byte that came back before the connection ended. */
function converse(commands: string): Promise<{ received: string; reset: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(proxy.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let reset = false;
    let sent = false;
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (!sent) socket.write(commands);
      sent = true;
    });
    socket.on('error', () => (reset = true));
    socket.on('close', () => resolve({ received: Buffer.concat(chunks).toString('latin1'), reset }));
  });
}

const SESSION = 'USER cut\r\nPASS here\r\nRETR 1\r\nRETR 2\r\nQUIT\r\n';

async function cutAt(point: CutPoint, options?: ArmOptions) {
  proxy.arm(point, options);
  const result = await converse(SESSION);
  return { ...result, reached: proxy.reached() };
}

describe('the phase-cut proxy in front of a real Dovecot', () => {
  it('relays a whole pipelined session untouched when not armed', async () => {
    const { received, reset } = await converse(SESSION);
    expect(reset).toBe(false);
    expect(received.match(/^\+OK/gm)).toHaveLength(6);
    expect(received.endsWith('+OK Logging out.\r\n')).toBe(true);
  });

  it('hands over exactly the chosen number of bytes of the nth answer, then resets', async () => {
    const whole = (await converse(SESSION)).received;
    const retr2 = whole.indexOf('+OK', whole.indexOf('\r\n.\r\n') + 5);
    const cut = await cutAt({ of: { command: 'RETR', nth: 2 }, deliver: (a) => a.statusLength + 10 });
    expect(cut).toMatchObject({ reached: true, reset: true });
    expect(cut.received).toBe(whole.slice(0, whole.indexOf('\r\n', retr2) + 2 + 10));
  });

  it('withholds a command from the server and cuts once every earlier answer is through', async () => {
    const whole = (await converse(SESSION)).received;
    const cut = await cutAt({ of: { command: 'QUIT', nth: 1 }, deliver: 'withhold' });
    expect(cut).toMatchObject({ reached: true, reset: true });
    expect(cut.received).toBe(whole.slice(0, whole.lastIndexOf('+OK Logging out.')));
  });

  it('with onReached, calls it at the point and relays the rest unchanged', async () => {
    const whole = (await converse(SESSION)).received;
    let calledWith = '';
    proxy.arm({ of: 'greeting', deliver: () => 3 }, { onReached: async () => void (calledWith = 'greeting') });
    const result = await converse(SESSION);
    expect({ calledWith, reset: result.reset, received: result.received.replace(/<[^>]*>/g, '') }).toEqual({ calledWith: 'greeting', reset: false, received: whole.replace(/<[^>]*>/g, '') });
  });
});
