/**
 * The mail server of the bridge load experiments: the demo POP3 server over implicit TLS in a
 * process of its own (experiments/bridge-load-upstream.ts), on a generated mailbox of 100
 * messages, one in 25 with a 1–2 MB attachment: about 6 MB a round.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMailbox } from '../../support/generated-mail.ts';

export async function startLoadUpstream(dir: string, pki: { serverCertFile: string; serverKeyFile: string }): Promise<{ port: number; child: ChildProcess }> {
  const mailbox = join(dir, 'mailbox');
  mkdirSync(mailbox, { recursive: true });
  generateMailbox({ count: 100, seed: 22, largeEvery: 25 }).forEach((bytes, i) => writeFileSync(join(mailbox, `${String(i).padStart(4, '0')}.eml`), bytes));
  const script = new URL('../experiments/bridge-load-upstream.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script, `--mailbox=${mailbox}`, `--cert=${pki.serverCertFile}`, `--key=${pki.serverKeyFile}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').once('data', (text: string) => resolve(text));
    child.once('exit', (code) => reject(new Error(`upstream exited (${code})`)));
  });
  return { port: (JSON.parse(line) as { port: number }).port, child };
}
