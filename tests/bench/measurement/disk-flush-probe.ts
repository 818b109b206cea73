/**
 * How long this machine takes to write and fsync a small maildir's worth of files, measured
 * just before each client run. mpop fsyncs every message it delivers (strace: 2,001 fsync
 * calls for 2,000 messages), so its loopback time follows this figure; in this VM it moved
 * 0.8–2.8 s for the same 104 MB from one minute to the next.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, renameSync, rmSync, writeSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FILES = 200;
/** The generated mailbox's mean message: 104 MB over 2,000. */
const FILE_BYTES = 52_000;

/** Milliseconds to write, fsync and rename FILES files of FILE_BYTES, maildir style. */
export function probeDiskFlush(): number {
  const dir = mkdtempSync(join(tmpdir(), 'satchel-bench-flush-'));
  try {
    mkdirSync(join(dir, 'tmp'));
    mkdirSync(join(dir, 'new'));
    const bytes = Buffer.alloc(FILE_BYTES, 'A');
    const started = performance.now();
    for (let i = 0; i < FILES; i++) {
      const fd = openSync(join(dir, 'tmp', String(i)), 'w');
      try {
        writeSync(fd, bytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(join(dir, 'tmp', String(i)), join(dir, 'new', String(i)));
    }
    return performance.now() - started;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
