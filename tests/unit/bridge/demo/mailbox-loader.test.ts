import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDemoMailbox, normaliseLineEndings } from '../../../../bridge/demo/mailbox-loader.ts';

const dirs: string[] = [];
async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'satchel-demo-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content, 'latin1');
  return dir;
}

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('normaliseLineEndings', () => {
  it('turns bare LF and bare CR into CRLF and leaves CRLF alone', () => {
    expect(normaliseLineEndings(Buffer.from('a\nb\rc\r\nd\r\n')).toString()).toBe('a\r\nb\r\nc\r\nd\r\n');
  });

  it('ends the message with CRLF when the file does not', () => {
    expect(normaliseLineEndings(Buffer.from('Subject: x\n\nbody')).toString()).toBe('Subject: x\r\n\r\nbody\r\n');
  });

  it('keeps 8-bit octets unchanged', () => {
    expect([...normaliseLineEndings(Uint8Array.of(0xe9, 0x0a))]).toEqual([0xe9, 0x0d, 0x0a]);
  });
});

describe('loadDemoMailbox', () => {
  it('loads .eml files in file-name order with the name as UIDL', async () => {
    const dir = await folder({ 'b.eml': 'Subject: b\n\nB\n', 'a.eml': 'Subject: a\n\nA\n', 'notes.txt': 'ignored' });
    const messages = await loadDemoMailbox(dir);
    expect(messages.map((m) => m.uidl)).toEqual(['a', 'b']);
    expect(messages[0]?.octets.toString()).toBe('Subject: a\r\n\r\nA\r\n');
  });

  it('refuses a file name that cannot be a UIDL', async () => {
    const dir = await folder({ 'has space.eml': 'Subject: x\n\n' });
    await expect(loadDemoMailbox(dir)).rejects.toThrow(/UIDL/);
  });
});
