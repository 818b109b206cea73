/**
 * mpop (Debian's 1.4) as a reference client: pipelines, keeps mail on the server, delivers
 * into a maildir. The rc file is generated per run, mode 0600 as mpop demands for a file
 * with a password, and names every path inside the work folder.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { quoteRc, readMessageFiles, runTimed, type ClientAttempt, type ReferenceAccount } from './reference-client.ts';

export function renderMpopRc(account: ReferenceAccount, workDir: string): string {
  return [
    'defaults',
    'account bench',
    `host ${account.host}`,
    `port ${account.port}`,
    // Implicit TLS (pop3s), verified against the harness CA; the certificate names localhost.
    'tls on',
    'tls_starttls off',
    `tls_trust_file ${quoteRc(account.caCertFile)}`,
    `user ${quoteRc(account.user)}`,
    `password ${quoteRc(account.password)}`,
    'auth on',
    'pipelining auto',
    'keep on',
    'only_new on',
    `uidls_file ${quoteRc(join(workDir, 'uidls'))}`,
    `delivery maildir ${quoteRc(join(workDir, 'maildir'))}`,
    // The bench compares delivered bytes with the source; a Received: line is noise.
    'received_header off',
    // Longer than the 20 s outage, so the stall alone does not abort the run.
    'timeout 60',
    '',
  ].join('\n');
}

export async function prepareMpop(account: ReferenceAccount, workDir: string): Promise<string> {
  for (const sub of ['new', 'cur', 'tmp']) await mkdir(join(workDir, 'maildir', sub), { recursive: true });
  const rcFile = join(workDir, 'mpoprc');
  await writeFile(rcFile, renderMpopRc(account, workDir), { mode: 0o600 });
  await chmod(rcFile, 0o600);
  return rcFile;
}

export async function runMpopOnce(rcFile: string, workDir: string, timeoutMs: number): Promise<ClientAttempt> {
  return runTimed('/usr/bin/mpop', [`--file=${rcFile}`, '--quiet', 'bench'], workDir, timeoutMs);
}

export function readMpopDelivered(workDir: string): Promise<Uint8Array[]> {
  return readMessageFiles([join(workDir, 'maildir', 'new'), join(workDir, 'maildir', 'cur')]);
}
