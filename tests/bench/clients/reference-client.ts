/**
 * What the mpop and fetchmail runners share: a POP3 account reached through the link
 * emulator, a private work folder, and a timed run of the client binary.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startCpuMeter } from '../measurement/process-cpu.ts';

export interface ReferenceAccount {
  /** The name in the server certificate (DNS:localhost); resolves to 127.0.0.1 here. */
  host: 'localhost';
  /** The link emulator's port, in front of Dovecot's implicit-TLS port. */
  port: number;
  caCertFile: string;
  user: string;
  password: string;
}

export interface ClientAttempt {
  exitCode: number | null;
  signal: string | null;
  seconds: number;
  /** The last lines of stderr/stdout, for the report when something went wrong. */
  outputTail: string;
  /** CPU seconds the whole machine used from the start to the exit (machine-cpu.ts). */
  machineCpuSeconds: number;
  /** CPU seconds per part of the bench over the same time (process-cpu.ts). */
  cpuByPart: Record<string, number>;
}

/**
 * Runs `command` with a clean environment: HOME is the work folder, so neither client can
 * read the user's own rc files or ~/.netrc.
 */
export function runTimed(command: string, args: string[], workDir: string, timeoutMs: number, extraEnv: Record<string, string> = {}): Promise<ClientAttempt> {
  return new Promise((resolve, reject) => {
    const cpu = startCpuMeter(process.pid);
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: workDir,
      env: { PATH: '/usr/bin:/bin', HOME: workDir, LC_ALL: 'C', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        seconds: (performance.now() - started) / 1000,
        ...cpu.stop(),
        outputTail: output.split('\n').slice(-8).join('\n').trim(),
      });
    });
  });
}

/** Every file in the given folders (maildir new/ and cur/, or a one-file-per-message dir). */
export async function readMessageFiles(dirs: string[]): Promise<Uint8Array[]> {
  const messages: Uint8Array[] = [];
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.sort()) messages.push(new Uint8Array(await readFile(join(dir, name))));
  }
  return messages;
}

/** rc-file string quoting for mpop and fetchmail: both take "…" with \" and \\ escapes. */
export function quoteRc(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('rc values may not contain line breaks');
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
