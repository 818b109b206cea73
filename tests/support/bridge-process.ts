/**
 * The real bridge as its own process (`bridge/main.ts` with SATCHEL_CONFIG), for the tests
 * that must see whether it survives: an in-process bridge that throws would take the test
 * runner down with it, and its memory could not be told apart from the test's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerExitKill, unregisterExitKill } from './exit-kill.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BridgeProcess {
  /** http(s)://127.0.0.1:port */
  url: string;
  port: number;
  child: ChildProcess;
  /** The config file the bridge reads (again on SIGHUP). */
  configFile: string;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<number | null>;
  /** Every JSON log line the bridge has written so far. */
  logs: Array<Record<string, unknown>>;
  /** Whatever it wrote to stderr (startup line, crash stack). */
  stderr(): string;
  /** True while the process has not exited. */
  alive(): boolean;
  /** Resident set size from /proc, in bytes. */
  rssBytes(): number;
  /** The highest resident set size since the process started (VmHWM), in bytes. */
  peakRssBytes(): number;
  stop(): Promise<void>;
}

export interface BridgeProcessOptions {
  /** Extra Node flags, e.g. --max-old-space-size=128. */
  nodeFlags?: string[];
  startTimeoutMs?: number;
  /** Variables added to this process's environment for the bridge's, e.g. the systemd unit's LD_PRELOAD. */
  env?: Record<string, string>;
}

/** Starts `bridge/main.ts` with `config` (listen.port 0 picks a free port) and waits until it listens. */
export async function startBridgeProcess(config: Record<string, unknown>, options: BridgeProcessOptions = {}): Promise<BridgeProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'satchel-bridge-'));
  const configFile = join(dir, 'bridge.json');
  writeFileSync(configFile, JSON.stringify({ staticDir: null, listen: { host: '127.0.0.1', port: 0 }, ...config }));
  // One process (node --import tsx), so its pid is the bridge's own for /proc readings.
  const child = spawn(process.execPath, ['--import', 'tsx', ...(options.nodeFlags ?? []), join(REPO_ROOT, 'bridge', 'main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env, SATCHEL_CONFIG: configFile, PORT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  registerExitKill(child, dir);
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  let pending = '';
  let exited = false;
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    exited = true;
    resolve(code);
  }));
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ event: 'unparsed', line });
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const listening = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`bridge did not start within ${options.startTimeoutMs ?? 20_000} ms: ${stderr}`)), options.startTimeoutMs ?? 20_000);
    const poll = setInterval(() => {
      const entry = logs.find((e) => e.event === 'bridge-listening');
      if (entry || exited) {
        clearInterval(poll);
        clearTimeout(deadline);
        if (entry) resolve(entry);
        else reject(new Error(`bridge exited at start: ${stderr}`));
      }
    }, 20);
  });
  const url = String(listening.url);
  const stop = async (): Promise<void> => {
    if (!exited) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await exit;
    }
    unregisterExitKill(child);
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    url,
    port: Number(new URL(url).port),
    child,
    configFile,
    exited: exit,
    logs,
    stderr: () => stderr,
    alive: () => !exited,
    rssBytes: () => statusKiB(child.pid!, 'VmRSS') * 1024,
    peakRssBytes: () => statusKiB(child.pid!, 'VmHWM') * 1024,
    stop,
  };
}

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
  return match ? Number(match[1]) : 0;
}
