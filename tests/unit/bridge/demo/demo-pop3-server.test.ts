import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoMailbox, startDemoPop3Server, type DemoMessage, type DemoPop3Server } from '../../../../bridge/demo/index.ts';
import { Pop3LineClient, unstuff } from './pop3-line-client.ts';

let server: DemoPop3Server;
let mailbox: readonly DemoMessage[];
const clients: Pop3LineClient[] = [];

async function loggedIn(): Promise<Pop3LineClient> {
  const client = await Pop3LineClient.loggedIn(server.port);
  clients.push(client);
  return client;
}

async function connected(port = server.port): Promise<Pop3LineClient> {
  const client = await Pop3LineClient.connect(port);
  clients.push(client);
  return client;
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const totalOctets = (messages: readonly DemoMessage[]): number => messages.reduce((sum, m) => sum + m.octets.length, 0);
const indexOf = (uidl: string): number => mailbox.findIndex((m) => m.uidl === uidl);

beforeEach(async () => {
  server = await startDemoPop3Server();
  mailbox = await loadDemoMailbox();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.end();
  await server.close();
});

describe('startDemoPop3Server', () => {
  it('listens on a free loopback port when no port is given', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
  });

  it('greets with +OK and names the demo password', async () => {
    const client = await connected();
    expect(await client.readLine()).toMatch(/^\+OK .*password "demo"/);
  });

  it('advertises the RFC 2449 capabilities Satchel relies on', async () => {
    const client = await connected();
    await client.readLine();
    client.write('CAPA\r\n');
    const { status, lines } = await client.readMultiLine();
    expect(status).toMatch(/^\+OK/);
    expect(lines).toEqual(expect.arrayContaining(['TOP', 'UIDL', 'USER', 'PIPELINING', 'RESP-CODES', 'SASL PLAIN']));
  });
});

describe('authorization', () => {
  it('accepts any user name with the password demo', async () => {
    const client = await connected();
    await client.readLine();
    client.write('USER whoever-you-are\r\n');
    expect(await client.readLine()).toMatch(/^\+OK/);
    client.write('PASS demo\r\n');
    expect(await client.readLine()).toMatch(/^\+OK/);
  });

  it('refuses a wrong password with the [AUTH] response code', async () => {
    const client = await connected();
    await client.readLine();
    client.write('USER alice\r\nPASS hunter2\r\n');
    await client.readLine();
    expect(await client.readLine()).toMatch(/^-ERR \[AUTH\]/);
  });

  it('refuses PASS that does not follow USER', async () => {
    const client = await connected();
    await client.readLine();
    client.write('PASS demo\r\n');
    expect(await client.readLine()).toMatch(/^-ERR/);
  });

  it('refuses mailbox commands before login', async () => {
    const client = await connected();
    await client.readLine();
    client.write('STAT\r\nRETR 1\r\n');
    expect(await client.readLine()).toMatch(/^-ERR/);
    expect(await client.readLine()).toMatch(/^-ERR/);
  });

  it('logs in with SASL PLAIN given as an initial response', async () => {
    const client = await connected();
    await client.readLine();
    client.write(`AUTH PLAIN ${base64('\0bob\0demo')}\r\nSTAT\r\n`);
    expect(await client.readLine()).toMatch(/^\+OK/);
    expect(await client.readLine()).toMatch(/^\+OK \d+ \d+$/);
  });

  it('logs in with SASL PLAIN after an empty "+ " continuation', async () => {
    const client = await connected();
    await client.readLine();
    client.write('AUTH PLAIN\r\n');
    expect(await client.readLine()).toBe('+ ');
    client.write(`${base64('bob\0bob\0demo')}\r\n`);
    expect(await client.readLine()).toMatch(/^\+OK/);
  });

  it('cancels SASL PLAIN when the client answers "*"', async () => {
    const client = await connected();
    await client.readLine();
    client.write('AUTH PLAIN\r\n*\r\nSTAT\r\n');
    expect(await client.readLine()).toBe('+ ');
    expect(await client.readLine()).toMatch(/^-ERR/);
    expect(await client.readLine()).toMatch(/^-ERR/); // still not logged in
  });

  it('refuses SASL PLAIN with a wrong password or garbage', async () => {
    const client = await connected();
    await client.readLine();
    client.write(`AUTH PLAIN ${base64('\0bob\0nope')}\r\nAUTH PLAIN not*base64\r\nAUTH CRAM-MD5\r\n`);
    expect(await client.readLine()).toMatch(/^-ERR \[AUTH\]/);
    expect(await client.readLine()).toMatch(/^-ERR/);
    expect(await client.readLine()).toMatch(/^-ERR/);
  });
});

describe('transaction', () => {
  it('reports in STAT the number of messages and the sum of their octets', async () => {
    const client = await loggedIn();
    client.write('STAT\r\n');
    expect(await client.readLine()).toBe(`+OK ${mailbox.length} ${totalOctets(mailbox)}`);
  });

  it('lists sizes that equal the exact octets RETR delivers after unstuffing', async () => {
    const client = await loggedIn();
    client.write('LIST\r\n');
    const list = await client.readMultiLine();
    expect(list.lines).toHaveLength(mailbox.length);
    for (const line of list.lines) {
      const [number, size] = line.split(' ');
      client.write(`RETR ${number}\r\n`);
      const retr = await client.readMultiLine();
      const octets = Buffer.from(unstuff(retr.lines), 'latin1');
      expect(octets.length, `message ${number}`).toBe(Number(size));
      expect(octets.equals(mailbox[Number(number) - 1]?.octets ?? Buffer.alloc(0))).toBe(true);
    }
  });

  it('dot-stuffs lines that begin with a dot, including a lone dot', async () => {
    const client = await loggedIn();
    client.write(`RETR ${indexOf('14-dotfiles-leading-dot') + 1}\r\n`);
    const { lines } = await client.readMultiLine();
    expect(lines).toContain('..bashrc');
    expect(lines).toContain('...and a folder called .config with the rest.');
    expect(lines).toContain('..');
    expect(lines.every((line) => !line.startsWith('.') || line.startsWith('..'))).toBe(true);
  });

  it('gives stable UIDLs taken from the file names, the same in every session', async () => {
    const first = await loggedIn();
    first.write('UIDL\r\n');
    const a = await first.readMultiLine();
    const second = await loggedIn();
    second.write('UIDL\r\n');
    const b = await second.readMultiLine();
    expect(a.lines).toEqual(b.lines);
    expect(a.lines[0]).toBe('1 01-welcome');
    second.write('UIDL 3\r\n');
    expect(await second.readLine()).toBe(`+OK 3 ${mailbox[2]?.uidl}`);
  });

  it('answers TOP n 0 with the header and the blank line only', async () => {
    const client = await loggedIn();
    client.write('TOP 1 0\r\n');
    const { lines } = await client.readMultiLine();
    expect(lines.at(-1)).toBe('');
    expect(lines.filter((line) => line === '')).toHaveLength(1);
    expect(lines).toContain('Subject: Welcome to Satchel');
  });

  it('answers TOP n k with k lines of the body', async () => {
    const client = await loggedIn();
    client.write('TOP 1 2\r\n');
    const { lines } = await client.readMultiLine();
    const blank = lines.indexOf('');
    expect(lines.slice(blank + 1)).toEqual(['Hello, and welcome to Satchel!', '']);
  });

  it('hides a deleted message for the rest of the session and RSET brings it back', async () => {
    const client = await loggedIn();
    client.write('DELE 2\r\nLIST 2\r\nRETR 2\r\nDELE 2\r\nSTAT\r\n');
    expect(await client.readLine()).toMatch(/^\+OK/);
    expect(await client.readLine()).toMatch(/^-ERR/);
    expect(await client.readLine()).toMatch(/^-ERR/);
    expect(await client.readLine()).toMatch(/^-ERR/);
    const rest = mailbox.filter((_, i) => i !== 1);
    expect(await client.readLine()).toBe(`+OK ${rest.length} ${totalOctets(rest)}`);
    client.write('RSET\r\nSTAT\r\n');
    await client.readLine();
    expect(await client.readLine()).toBe(`+OK ${mailbox.length} ${totalOctets(mailbox)}`);
  });

  it('resets the mailbox for the next connection after QUIT applied deletions', async () => {
    const client = await loggedIn();
    client.write('DELE 1\r\nDELE 2\r\nQUIT\r\n');
    await client.readLine();
    await client.readLine();
    expect(await client.readLine()).toMatch(/^\+OK/);
    await client.closed();
    const next = await loggedIn();
    next.write('STAT\r\n');
    expect(await next.readLine()).toBe(`+OK ${mailbox.length} ${totalOctets(mailbox)}`);
  });

  it('rejects message numbers that do not exist', async () => {
    const client = await loggedIn();
    client.write(`RETR 0\r\nRETR ${mailbox.length + 1}\r\nLIST x\r\nTOP 1\r\n`);
    for (let i = 0; i < 4; i++) expect(await client.readLine()).toMatch(/^-ERR/);
  });
});

describe('connection handling', () => {
  it('answers pipelined commands sent in one packet, in order', async () => {
    const client = await connected();
    await client.readLine();
    client.write('USER a\r\nPASS demo\r\nSTAT\r\nUIDL 1\r\nNOOP\r\nLIST 1\r\nQUIT\r\n');
    expect(await client.readLine()).toMatch(/^\+OK/);
    expect(await client.readLine()).toMatch(/^\+OK/);
    expect(await client.readLine()).toMatch(/^\+OK \d+ \d+$/);
    expect(await client.readLine()).toBe('+OK 1 01-welcome');
    expect(await client.readLine()).toBe('+OK');
    expect(await client.readLine()).toBe(`+OK 1 ${mailbox[0]?.octets.length}`);
    expect(await client.readLine()).toMatch(/^\+OK bye/);
    await client.closed();
  });

  it('handles a command split across several packets', async () => {
    const client = await loggedIn();
    for (const piece of ['ST', 'A', 'T\r', '\n']) {
      client.write(piece);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await client.readLine()).toMatch(/^\+OK \d+ \d+$/);
  });

  it('accepts a 255-octet command line and refuses a longer one (RFC 2449 §4)', async () => {
    const client = await connected();
    await client.readLine();
    client.write(`USER ${'a'.repeat(255 - 'USER \r\n'.length)}\r\n`);
    expect(await client.readLine()).toMatch(/^\+OK/);
    client.write(`USER ${'a'.repeat(300)}`);
    expect(await client.readLine()).toMatch(/^-ERR .*255/);
    await client.closed();
  });

  it('accepts a SASL response longer than 255 octets after the "+" continuation (RFC 5034 §4)', async () => {
    const client = await connected();
    await client.readLine();
    client.write('AUTH PLAIN\r\n');
    expect(await client.readLine()).toBe('+ ');
    const response = base64(`\0${'u'.repeat(300)}\0demo`);
    expect(response.length).toBeGreaterThan(255);
    client.write(`${response}\r\n`);
    expect(await client.readLine()).toMatch(/^\+OK/);
  });

  it('closes an idle connection after the idle timeout', async () => {
    const quick = await startDemoPop3Server({ idleTimeoutMs: 100 });
    try {
      const client = await connected(quick.port);
      await client.readLine();
      expect(await client.readLine()).toMatch(/^-ERR .*idle/);
      await client.closed();
    } finally {
      await quick.close();
    }
  });

  it('refuses connections beyond the cap with [SYS/TEMP]', async () => {
    const capped = await startDemoPop3Server({ maxConnections: 2 });
    try {
      const first = await connected(capped.port);
      const second = await connected(capped.port);
      await first.readLine();
      await second.readLine();
      const third = await connected(capped.port);
      expect(await third.readLine()).toMatch(/^-ERR \[SYS\/TEMP\]/);
      await third.closed();
    } finally {
      await capped.close();
    }
  });

  it('frees a slot when a connection closes', async () => {
    const capped = await startDemoPop3Server({ maxConnections: 1 });
    try {
      const first = await connected(capped.port);
      await first.readLine();
      first.write('QUIT\r\n');
      await first.closed();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const second = await connected(capped.port);
      expect(await second.readLine()).toMatch(/^\+OK/);
    } finally {
      await capped.close();
    }
  });
});
