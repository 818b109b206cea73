/**
 * The shared real-world mail corpus (see its README.md): one message per file, byte for
 * byte as the source projects wrote them (bare LF, CRLF, broken MIME, odd charsets).
 *
 * mbox files (MANIFEST column `mbox_messages` > 0; four of them) are skipped, not split.
 * Splitting an mbox is itself ambiguous (mboxo vs mboxrd `>From ` quoting, and
 * `unmunged.mbox.txt` holds unquoted `From ` lines on purpose), so any split would be our
 * invention, not the corpus. Their single messages add nothing the other ~560 files lack.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CorpusMessage {
  /** Path under messages/, e.g. `enmime/testdata/mail/html-only.raw`. Stable; use it in test names. */
  name: string;
  bytes: Uint8Array;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the corpus lives: $SATCHEL_CORPUS_DIR, else <repo>/../shared/corpus, else /work/shared/corpus. */
function findCorpusDir(): string {
  const candidates = [
    process.env.SATCHEL_CORPUS_DIR,
    join(REPO_ROOT, '..', 'shared', 'corpus'),
    '/work/shared/corpus',
  ].filter((dir): dir is string => typeof dir === 'string' && dir !== '');
  const found = candidates.find((dir) => existsSync(join(dir, 'MANIFEST.tsv')));
  if (!found) {
    throw new Error(
      `mail corpus not found: looked for MANIFEST.tsv in ${candidates.join(', ')}. ` +
        'Set SATCHEL_CORPUS_DIR to the folder holding MANIFEST.tsv and messages/.',
    );
  }
  return found;
}

/** Every single-message file of the corpus, in MANIFEST order (which is sorted by path). */
export async function loadCorpus(): Promise<CorpusMessage[]> {
  const dir = findCorpusDir();
  const manifest = await readFile(join(dir, 'MANIFEST.tsv'), 'utf8');
  const [header = '', ...rows] = manifest.split('\n').filter((line) => line !== '');
  const columns = header.split('\t');
  const pathColumn = columns.indexOf('corpus_path');
  const mboxColumn = columns.indexOf('mbox_messages');
  const sizeColumn = columns.indexOf('bytes');
  if (pathColumn < 0 || mboxColumn < 0 || sizeColumn < 0) {
    throw new Error(`${dir}/MANIFEST.tsv lacks a corpus_path, bytes or mbox_messages column`);
  }
  const messages: CorpusMessage[] = [];
  for (const row of rows) {
    const fields = row.split('\t');
    const name = fields[pathColumn] ?? '';
    if (Number(fields[mboxColumn] || 0) > 0) continue;
    const bytes = new Uint8Array(await readFile(join(dir, 'messages', name)));
    // A size mismatch means a damaged checkout (e.g. git's autocrlf), which would silently
    // change what the tests prove about line endings.
    if (bytes.byteLength !== Number(fields[sizeColumn])) {
      throw new Error(`corpus file ${name} is ${bytes.byteLength} bytes, MANIFEST says ${fields[sizeColumn]}`);
    }
    messages.push({ name, bytes });
  }
  return messages;
}
