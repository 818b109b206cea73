/**
 * New mail for a harness Dovecot user while a spec runs, written the way
 * tests/support/dovecot-harness.ts delivers (tmp/, then renamed into new/), from a test
 * worker that only knows Dovecot's folder. The owner is copied from the Maildir, so that
 * Dovecot's mail processes (the `mail` user, when the suite runs as root) can read it.
 */
import { chown, stat, utimes, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { E2eEnvironment } from './e2e-environment.ts';

let sequence = 0;

/** Appends `messages` to `user`'s maildrop, in order, after everything already in it. */
export async function deliverToMaildir(e2e: E2eEnvironment, user: string, messages: Uint8Array[]): Promise<void> {
  const maildir = join(e2e.dovecot.dir, 'mail', user, 'Maildir');
  const owner = await stat(maildir);
  // Dovecot numbers new mail by the time stamp in the file name; the harness's initial mail
  // is dated a month back, so "now" onwards sorts after it.
  let seconds = Math.floor(Date.now() / 1000);
  for (const message of messages) {
    const name = `${seconds}.M${++sequence}P${process.pid}Q${sequence}.satchel-e2e`;
    const staged = join(maildir, 'tmp', name);
    await writeFile(staged, message, { mode: 0o600 });
    await chown(staged, owner.uid, owner.gid);
    await utimes(staged, seconds, seconds);
    await rename(staged, join(maildir, 'new', name));
    seconds++;
  }
}
