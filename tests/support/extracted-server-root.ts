/**
 * Where scripts/ensure-system-deps.mjs unpacked the POP3 servers that conflict with
 * dovecot-pop3d in apt (Cyrus, Courier, popa3d): node_modules/.cache/satchel-servers/<name>/root
 * holds each server's .deb files unpacked with `dpkg-deb -x`, with /lib moved under /usr.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ExtractedServerName = 'popa3d' | 'courier' | 'cyrus';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The unpacked tree of `name` (a folder with usr/ and etc/ under it); throws with the fix if absent. */
export function extractedServerRoot(name: ExtractedServerName): string {
  const root = join(REPO_ROOT, 'node_modules', '.cache', 'satchel-servers', name, 'root');
  if (!existsSync(join(root, '..', 'STAMP'))) {
    throw new Error(`${name} is not unpacked in ${root}; run \`node scripts/ensure-system-deps.mjs\` (npm test does)`);
  }
  // overlayfs splits lowerdir on ':' and options on ','.
  if (/[:,\s]/.test(root)) throw new Error(`the repository path ${REPO_ROOT} holds ':' ',' or a space, which overlayfs cannot take`);
  return root;
}
