/**
 * fetchmail (Debian's 6.4) as a reference client: one command at a time (it does not
 * pipeline), keeps mail on the server and remembers what it fetched by UIDL in an idfile,
 * and hands each message to an MDA script that writes one file per message.
 * No daemon mode (no -d in the rc or the command line), no syslog, HOME and FETCHMAILHOME
 * point into the work folder so ~/.netrc and ~/.fetchmailrc are never read.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { quoteRc, readMessageFiles, runTimed, type ClientAttempt, type ReferenceAccount } from './reference-client.ts';

export function renderFetchmailRc(account: ReferenceAccount, workDir: string): string {
  return [
    'set no syslog',
    `set idfile ${quoteRc(join(workDir, 'fetchids'))}`,
    // Deliver each message as the server holds it, as mpop and Satchel do: by default fetchmail
    // skips a message whose header it cannot parse (bad-header, a server option) and edits
    // address headers (rewrite), which left a dozen of the shared corpus on the server and
    // changed 71 more in every run.
    `poll ${account.host} port ${account.port} protocol pop3 uidl timeout 60 bad-header accept`,
    `  user ${quoteRc(account.user)} password ${quoteRc(account.password)}`,
    '  keep',
    '  no rewrite',
    // Implicit TLS verified against the harness CA; the name checked is the poll name, localhost.
    `  ssl sslcertck sslcertfile ${quoteRc(account.caCertFile)}`,
    `  mda ${quoteRc(join(workDir, 'deliver.sh'))}`,
    '',
  ].join('\n');
}

export async function prepareFetchmail(account: ReferenceAccount, workDir: string): Promise<string> {
  const mailDir = join(workDir, 'mail');
  await mkdir(mailDir, { recursive: true });
  // One file per message, named uniquely, so duplicates and partial copies stay visible.
  await writeFile(join(workDir, 'deliver.sh'), `#!/bin/sh\nexec cat > "$(mktemp ${mailDir}/m.XXXXXXXXXX)"\n`, { mode: 0o700 });
  const rcFile = join(workDir, 'fetchmailrc');
  await writeFile(rcFile, renderFetchmailRc(account, workDir), { mode: 0o600 });
  await chmod(rcFile, 0o600);
  return rcFile;
}

/** fetchmail exits 0 when it fetched mail and 1 when there was none; both are success. */
export function fetchmailSucceeded(exitCode: number | null): boolean {
  return exitCode === 0 || exitCode === 1;
}

export async function runFetchmailOnce(rcFile: string, workDir: string, timeoutMs: number): Promise<ClientAttempt> {
  return runTimed('/usr/bin/fetchmail', ['--fetchmailrc', rcFile, '--nodetach', '--nosyslog', '--silent'], workDir, timeoutMs, { FETCHMAILHOME: workDir });
}

export function readFetchmailDelivered(workDir: string): Promise<Uint8Array[]> {
  return readMessageFiles([join(workDir, 'mail')]);
}
