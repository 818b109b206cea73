/**
 * Writes the demo mailbox: `npx tsx bridge/demo/make-mailbox.ts`. The output is committed,
 * so nothing is generated at build or start time; rerun it only after editing the samples.
 * Files are written with LF line endings on purpose: the server normalises them to CRLF.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_MAILBOX_DIR } from './mailbox-loader.ts';
import { renderMessage } from './mime-builder.ts';
import { SAMPLE_MESSAGES } from './sample-messages.ts';

await mkdir(DEFAULT_MAILBOX_DIR, { recursive: true });
for (const name of await readdir(DEFAULT_MAILBOX_DIR)) {
  if (name.endsWith('.eml')) await rm(path.join(DEFAULT_MAILBOX_DIR, name));
}
let total = 0;
for (const [i, message] of SAMPLE_MESSAGES.entries()) {
  const bytes = Buffer.from(renderMessage(message.envelope, message.body, i + 1), 'latin1');
  total += bytes.length;
  await writeFile(path.join(DEFAULT_MAILBOX_DIR, `${message.name}.eml`), bytes);
}
console.log(`wrote ${SAMPLE_MESSAGES.length} messages, ${total} bytes, to ${DEFAULT_MAILBOX_DIR}`);
