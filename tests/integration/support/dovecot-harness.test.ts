import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, type CorpusMessage } from '../../support/corpus.ts';
import { startDovecot, type DovecotServer } from '../../support/dovecot-harness.ts';
import { connectTcp, connectTls } from '../../support/node-byte-channel.ts';
import { ChannelLineReader } from '../../support/channel-line-reader.ts';
import { generateMailbox } from '../../support/generated-mail.ts';

let dovecot: DovecotServer;
let aliceMail: CorpusMessage[];
const generated = generateMailbox({ count: 25, seed: 11 });

beforeAll(async () => {
  const corpus = await loadCorpus();
  // A CRLF file and a bare-LF one, and a file whose lines start with '.'.
  const pick = (test: (m: CorpusMessage) => boolean) => {
    const found = corpus.find(test);
    if (!found) throw new Error('corpus lacks a message this test needs');
    return found;
  };
  aliceMail = [
    pick((m) => m.name.endsWith('msg_01.txt')),
    pick((m) => m.name.endsWith('msg_26.txt')),
    pick((m) => Buffer.from(m.bytes).includes('\n.')),
  ];
  dovecot = await startDovecot({
    users: [
      { user: 'alice', password: 'alice-secret', messages: aliceMail.map((m) => m.bytes) },
      { user: 'bob', password: 'bob secret with spaces' },
      { user: 'gen', password: 'gen', messages: generated },
    ],
  });
});

afterAll(async () => {
  await dovecot?.stop();
});

async function login(reader: ChannelLineReader, user: string, password: string): Promise<string> {
  expect(await reader.line()).toMatch(/^\+OK/);
  expect(await reader.command(`USER ${user}`)).toMatch(/^\+OK/);
  return reader.command(`PASS ${password}`);
}

describe('the Dovecot harness', () => {
  it('serves each user their own maildir over plaintext TCP with USER/PASS', async () => {
    const channel = await connectTcp(dovecot.host, dovecot.pop3Port, { timeoutMs: 5_000 });
    const reader = new ChannelLineReader(channel);
    expect(await login(reader, 'alice', 'alice-secret')).toMatch(/^\+OK/);
    expect(await reader.command('STAT')).toMatch(/^\+OK 3 \d+$/);
    const uidl = await reader.multiline('UIDL');
    expect(uidl.lines.map((line) => line.split(' ')[0])).toEqual(['1', '2', '3']);
    expect(new Set(uidl.lines.map((line) => line.split(' ')[1])).size).toBe(3);
    await reader.command('QUIT');
    channel.close();

    const bobChannel = await connectTcp(dovecot.host, dovecot.pop3Port, { timeoutMs: 5_000 });
    const bob = new ChannelLineReader(bobChannel);
    expect(await login(bob, 'bob', 'bob secret with spaces')).toMatch(/^\+OK/);
    expect(await bob.command('STAT')).toBe('+OK 0 0');
    bobChannel.close();
  });

  it('numbers messages in delivery order, including ones delivered while it runs', async () => {
    await dovecot.deliver('bob', Buffer.from('Subject: first\r\n\r\none\r\n'));
    await dovecot.deliver('bob', Buffer.from('Subject: second\r\n\r\ntwo\r\n'));
    const channel = await connectTcp(dovecot.host, dovecot.pop3Port, { timeoutMs: 5_000 });
    const reader = new ChannelLineReader(channel);
    expect(await login(reader, 'bob', 'bob secret with spaces')).toMatch(/^\+OK/);
    expect((await reader.multiline('RETR 1')).lines).toEqual(['Subject: first', '', 'one']);
    expect((await reader.multiline('RETR 2')).lines).toEqual(['Subject: second', '', 'two']);
    channel.close();
  });

  it('refuses a wrong password', async () => {
    const channel = await connectTcp(dovecot.host, dovecot.pop3Port, { timeoutMs: 5_000 });
    expect(await login(new ChannelLineReader(channel), 'alice', 'wrong')).toMatch(/^-ERR/);
    channel.close();
  });

  it('offers STLS in CAPA on the plaintext port', async () => {
    const channel = await connectTcp(dovecot.host, dovecot.pop3Port, { timeoutMs: 5_000 });
    const reader = new ChannelLineReader(channel);
    await reader.line();
    const capa = await reader.multiline('CAPA');
    expect(capa.lines).toContain('STLS');
    channel.close();
  });

  it('serves implicit TLS with a certificate the test CA vouches for, for localhost', async () => {
    const channel = await connectTls(dovecot.host, dovecot.pop3sPort, {
      ca: dovecot.pki.caCertPem,
      servername: dovecot.tlsHostname,
      timeoutMs: 5_000,
    });
    const reader = new ChannelLineReader(channel);
    expect(await login(reader, 'alice', 'alice-secret')).toMatch(/^\+OK/);
    const retr = await reader.multiline('RETR 2');
    // msg_26.txt is CRLF already, so Dovecot serves its lines unchanged.
    const expected = Buffer.from(aliceMail[1]!.bytes).toString('latin1').replace(/\r\n$/, '').split('\r\n');
    expect(retr.lines).toEqual(expected);
    channel.close();
  });

  it('presents a certificate that is refused when the client checks the name 127.0.0.1', async () => {
    await expect(
      connectTls(dovecot.host, dovecot.pop3sPort, { ca: dovecot.pki.caCertPem, timeoutMs: 5_000 }),
    ).rejects.toThrow(/altnames|Hostname/i);
  });

  it('serves generated mail line for line once dot-stuffing is undone', async () => {
    const channel = await connectTcp(dovecot.host, dovecot.pop3Port, { timeoutMs: 5_000 });
    const reader = new ChannelLineReader(channel);
    expect(await login(reader, 'gen', 'gen')).toMatch(/^\+OK/);
    for (const [index, message] of generated.entries()) {
      const { lines } = await reader.multiline(`RETR ${index + 1}`);
      // RFC 1939 §3: a line starting with '.' is sent with one more '.' in front.
      const unstuffed = lines.map((line) => (line.startsWith('.') ? line.slice(1) : line));
      const expected = Buffer.from(message).toString('latin1').replace(/\r\n$/, '').split('\r\n');
      expect(unstuffed, `message ${index + 1}`).toEqual(expected);
    }
    channel.close();
  });

  it('fails to start with Dovecot\'s own complaint when the config is broken', async () => {
    await expect(
      startDovecot({ users: [{ user: 'x', password: 'y' }], extraConfig: 'satchel_no_such_setting = 1' }),
    ).rejects.toThrow(/Dovecot did not start[\s\S]*satchel_no_such_setting/);
  });
});
