/**
 * Runs a server unpacked from .deb files (extracted-server-root.ts) as if it were installed,
 * without changing the machine: `unshare -m` gives the server a private mount namespace
 * (private propagation, util-linux's default), where
 * - the unpacked usr/ is laid over /usr with a read-only overlayfs (lowerdir only), so the
 *   binaries, libraries and modules are at the paths compiled into them;
 * - the harness's own files are bind-mounted over the fixed paths the server reads
 *   (/etc/passwd, /etc/courier, /var/mail, …), or laid over a folder with another overlay
 *   when the path does not exist on the host (a bind mount needs an existing target).
 * The namespace disappears with its last process. It needs root (CAP_SYS_ADMIN).
 *
 * The server is spawned detached, so it leads a new session (setsid) and process group.
 * Some servers move children into process groups of their own (couriertcpd calls
 * setpgid), which a group kill misses, so stop() and the exit hook kill every process of
 * the session, found in /proc, until none is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { findFreePorts } from './free-ports.ts';
import { waitForPort } from './wait-for-port.ts';
import { registerExitKill, unregisterExitKill } from './exit-kill.ts';

type NamespaceMount =
  /** `mount --bind source target`; target must exist on the host (file over file, folder over folder). */
  | { bind: string; over: string }
  /** A read-only overlay: `layers` (first wins) over what is at `over` now. */
  | { layers: string[]; over: string };

export interface NamespacedServerOptions {
  /** For messages: "Courier", "popa3d". */
  name: string;
  /** Mounts, in order; the /usr overlay of the unpacked tree comes first. */
  usrLayer: string;
  mounts: NamespaceMount[];
  /** Given the free ports, the command and its arguments, run after the mounts. */
  command: (ports: number[]) => string[];
  /** Runs with the ports before each spawn (to write a config naming them). */
  beforeSpawn?: (ports: number[]) => Promise<void>;
  /** How many free loopback ports to find and wait for. */
  portCount: number;
  env?: NodeJS.ProcessEnv;
  /** Where the server's log is, to quote when it does not start. */
  readLog?: () => Promise<string>;
  /** Harness folder removed by the exit hook if the test process ends without stop(). */
  dir: string;
  startTimeoutMs?: number;
}

export interface NamespacedServer {
  child: ChildProcess;
  ports: number[];
  /** Milliseconds from spawn to every port accepting connections. */
  startMs: number;
}

/** Single-quotes a word for sh. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

function mountCommand(mount: NamespaceMount): string {
  if ('bind' in mount) return `mount --bind ${shellQuote(mount.bind)} ${shellQuote(mount.over)}`;
  for (const layer of mount.layers) {
    if (/[:,]/.test(layer)) throw new Error(`overlay layer ${layer} holds ':' or ','`);
  }
  const lower = [...mount.layers, mount.over].join(':');
  return `mount -t overlay satchel -o ${shellQuote(`lowerdir=${lower}`)} ${shellQuote(mount.over)}`;
}

function assertCanUseMountNamespaces(name: string): void {
  if (userInfo().uid !== 0) {
    throw new Error(`${name} runs in a private mount namespace (unshare -m), which needs root; run the tests as root`);
  }
}

/**
 * Starts `command` in a private mount namespace on free loopback ports, retrying with new
 * ports if one was taken meanwhile. Resolves once every port accepts connections.
 */
export async function startNamespacedServer(options: NamespacedServerOptions): Promise<NamespacedServer> {
  assertCanUseMountNamespaces(options.name);
  const timeoutMs = options.startTimeoutMs ?? 15_000;
  const mounts = [{ layers: [`${options.usrLayer}/usr`], over: '/usr' }, ...options.mounts];
  const script = ['set -e', ...mounts.map(mountCommand), 'exec "$@"'].join('\n');
  for (let attempt = 1; ; attempt++) {
    const ports = await findFreePorts(options.portCount);
    await options.beforeSpawn?.(ports);
    const started = performance.now();
    const child = spawn('unshare', ['-m', '--', 'sh', '-c', script, 'sh', ...options.command(ports)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: options.env ?? process.env,
    });
    registerExitKill(child, options.dir);
    if (child.pid !== undefined) trackSession(child.pid);
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (output += text));
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`exited (${signal ?? code})`)));
    const ready = Promise.all(ports.map((port) => waitForPort('127.0.0.1', port, timeoutMs, 10))).then(() => 'ready');
    const outcome = await Promise.race([ready, exited]).catch((error: Error) => error.message);
    if (outcome === 'ready') return { child, ports, startMs: Math.round(performance.now() - started) };
    await stopProcessGroup(child);
    const log = (await options.readLog?.()) ?? '';
    if (attempt < 4 && /Address already in use|EADDRINUSE/i.test(log + output)) continue;
    throw new Error(`${options.name} did not start: ${outcome}\n--- output ---\n${output}\n--- log ---\n${log}`);
  }
}

/** Pids of every live process whose session id is `sid` (field 6 of /proc/<pid>/stat). */
function sessionMembers(sid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      // The command name (field 2) may hold spaces and parentheses; fields resume after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is the state (field 3), so the session (field 6) is fields[3]; skip zombies.
      if (Number(fields[3]) === sid && fields[0] !== 'Z') members.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}

function signalSession(sid: number, signal: NodeJS.Signals): number {
  const members = sessionMembers(sid);
  for (const pid of members) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
  return members.length;
}

const liveSessions = new Set<number>();
let exitHookInstalled = false;

function trackSession(sid: number): void {
  liveSessions.add(sid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // exit-kill.ts kills the process group; this catches members that left it. Synchronous,
  // as an 'exit' handler must be.
  process.once('exit', () => {
    for (const session of liveSessions) signalSession(session, 'SIGKILL');
  });
}

/**
 * SIGTERM to every process of the server's session, SIGKILL after a short grace, then
 * waits until none is left, so the ports are free and nothing still holds the namespace.
 */
export async function stopProcessGroup(child: ChildProcess): Promise<void> {
  const sid = child.pid;
  if (sid === undefined) return;
  signalSession(sid, 'SIGTERM');
  const started = Date.now();
  let killed = false;
  while (sessionMembers(sid).length > 0) {
    if (!killed && Date.now() - started > 250) {
      signalSession(sid, 'SIGKILL');
      killed = true;
    }
    if (Date.now() - started > 3_000) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  liveSessions.delete(sid);
  unregisterExitKill(child);
}
