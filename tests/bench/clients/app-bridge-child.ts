/** Starts app-bridge-process.ts and speaks to it; see there for why it is a process of its own. */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { LogEntry } from '../../../bridge/index.ts';
import { registerExitKill, unregisterExitKill } from '../../support/exit-kill.ts';

export type TunnelCounts = { id: string; bytesDown: number; ackedDown: number };

export type AppBridgeRequest =
  | { type: 'start'; config: unknown; baseDir: string }
  | { type: 'tunnels'; id: number }
  | { type: 'close' };

export type AppBridgeReply =
  | { type: 'started'; port: number }
  | { type: 'log'; entry: LogEntry }
  | { type: 'tunnels'; id: number; tunnels: TunnelCounts[] }
  | { type: 'failed'; message: string };

export interface AppBridgeChild {
  port: number;
  /** Everything the bridge logged, in order, as it arrives. */
  log: LogEntry[];
  /** The live tunnels' POP3 bytes read and acked, asked of the bridge now. */
  tunnels(): Promise<TunnelCounts[]>;
  close(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;

/** `config` is the bridge's JSON config, read with loadConfig(config, baseDir) in the child. */
export async function startAppBridgeChild(config: unknown, baseDir: string): Promise<AppBridgeChild> {
  const entry = fileURLToPath(new URL('./app-bridge-process.ts', import.meta.url));
  // detached: its own process group, so exit-kill can end it with whatever it started.
  const child = fork(entry, [], { execArgv: ['--import', 'tsx', ...(process.env.SATCHEL_BENCH_BRIDGE_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true });
  registerExitKill(child);
  const log: LogEntry[] = [];
  const waiting = new Map<number, { resolve: (tunnels: TunnelCounts[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  const started = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the app bridge process did not start in time')), STARTUP_TIMEOUT_MS);
    child.on('message', (reply: AppBridgeReply) => {
      switch (reply.type) {
        case 'log':
          return void log.push(reply.entry);
        case 'tunnels':
          waiting.get(reply.id)?.resolve(reply.tunnels);
          return void waiting.delete(reply.id);
        case 'failed':
          return reject(new Error(`the app bridge process failed: ${reply.message}`));
        case 'started':
          clearTimeout(timer);
          return resolve(reply.port);
      }
    });
    child.once('exit', (code) => reject(new Error(`the app bridge process exited (${code}) before it started`)));
  });
  const exited = once(child, 'exit');
  child.once('exit', () => {
    for (const { reject } of waiting.values()) reject(new Error('the app bridge process is gone'));
    waiting.clear();
  });
  child.send({ type: 'start', config, baseDir } satisfies AppBridgeRequest);
  let port: number;
  try {
    port = await started;
  } catch (error) {
    child.kill('SIGKILL');
    unregisterExitKill(child);
    throw error;
  }
  return {
    port,
    log,
    tunnels: () =>
      new Promise((resolve, reject) => {
        if (!child.connected) return reject(new Error('the app bridge process is gone'));
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        child.send({ type: 'tunnels', id } satisfies AppBridgeRequest);
      }),
    close: async () => {
      if (child.connected) child.send({ type: 'close' } satisfies AppBridgeRequest);
      await exited;
      unregisterExitKill(child);
    },
  };
}
