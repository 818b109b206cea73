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
 * The server leads its own process group (spawned detached), as Dovecot does in
 * dovecot-harness.ts, so stop() and the exit hook can kill every child at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { userInfo } from 'node:os';
import { findFreePorts } from './free-ports.ts';
import { waitForPort } from './wait-for-port.ts';
import { registerExitKill, unregisterExitKill } from './exit-kill.ts';

export type NamespaceMount =
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

export function assertCanUseMountNamespaces(name: string): void {
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

function signalGroup(child: ChildProcess, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-(child.pid ?? 0), signal);
    return true;
  } catch {
    return false; // ESRCH: the whole group is gone.
  }
}

/**
 * SIGTERM to the server's process group, SIGKILL after a short grace, then waits until the
 * group is empty, so the ports are free and no process still holds the namespace.
 */
export async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 250);
  const deadline = Date.now() + 3_000;
  while (signalGroup(child, 0)) {
    if (Date.now() > deadline) {
      signalGroup(child, 'SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  clearTimeout(timer);
  unregisterExitKill(child);
}
