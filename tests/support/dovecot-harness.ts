/**
 * A real, standalone Dovecot 2.3 for integration tests: `dovecot -c CONF -F` with every
 * path (base_dir, state, logs, maildirs, passwd-file) under one mkdtemp folder, listening
 * on 127.0.0.1 only, on free ports.
 *
 * Quirks this file works around (found by running it, Dovecot 2.3.19 on Debian):
 * - Dovecot refuses uid 0 for mail processes whatever first_valid_uid says ("userdb
 *   returned 0 as uid"), and pop3-login refuses to run as root. So as root the mail
 *   processes run as the `mail` system user (maildirs chowned to it) and login processes
 *   as `dovenull`; as a normal user everything runs as that user.
 * - Dovecot orders new maildir files by the time stamp in their names, not by readdir
 *   order, so delivered files are named `<seconds>.M<n>P<pid>Q<n>.satchel` with
 *   increasing seconds (and matching mtimes) to keep delivery order = message number.
 * - Dovecot serves bare-LF files with CRLF line ends and LIST reports the CRLF size.
 * - SIGTERM to the master alone takes seconds (it waits for its children); stop() signals
 *   the whole process group instead and waits until every member is gone.
 * - After one failed login, anvil's auth penalty delays every later login from 127.0.0.1
 *   by seconds; the penalty socket is disabled (mode = 0), as the Dovecot docs suggest.
 * - Not as root, login and anvil cannot chroot, so chroot is switched off for them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from './test-pki.ts';
import { findFreePorts } from './free-ports.ts';
import { waitForPort } from './wait-for-port.ts';
import { registerExitKill, unregisterExitKill } from './exit-kill.ts';

export interface DovecotUser {
  user: string;
  password: string;
  /** Delivered in order: messages[0] becomes message number 1. */
  messages?: Uint8Array[];
}

export interface DovecotOptions {
  users: DovecotUser[];
  /** Appended to the generated dovecot.conf, so later settings override ours. */
  extraConfig?: string;
  /** How long to wait for both ports to accept connections. Default 15 000 ms. */
  startTimeoutMs?: number;
}

export interface DovecotServer {
  host: '127.0.0.1';
  /** The name the test certificate is valid for; connect to `host` with this servername. */
  tlsHostname: 'localhost';
  /** Plaintext POP3 that offers STLS (and accepts USER/PASS without TLS on loopback). */
  pop3Port: number;
  /** Implicit-TLS POP3. */
  pop3sPort: number;
  pki: TestPki;
  dir: string;
  /** Drops a message into the user's maildir new/; it becomes the next message number. */
  deliver(user: string, message: Uint8Array): Promise<void>;
  stop(): Promise<void>;
}

const DOVECOT_BINARY = '/usr/sbin/dovecot';
const SAFE_NAME = /^[A-Za-z0-9._@+-]{1,64}$/;

interface Identity {
  /** Owner of maildirs and uid of mail processes. */
  mailUid: number;
  mailGid: number;
  loginUser: string;
  internalUser: string;
  internalGroup: string;
  /** uid of internalUser, which the auth process runs as and which must read passwd. */
  internalUid: number;
  /** Whether the harness must chown what it writes (only when root). */
  chown: boolean;
}

function lookupUser(name: string): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  const fields = line?.split(':');
  if (!fields || fields.length < 4) return undefined;
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

function lookupGroupName(gid: number): string | undefined {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((entry) => entry.split(':')[2] === String(gid));
  return line?.split(':')[0];
}

function resolveIdentity(): Identity {
  const me = userInfo();
  if (me.uid !== 0) {
    return { mailUid: me.uid, mailGid: me.gid, loginUser: me.username, internalUser: me.username,
      internalGroup: lookupGroupName(me.gid) ?? me.username, internalUid: me.uid, chown: false };
  }
  const mail = lookupUser('mail') ?? lookupUser('nobody');
  if (!mail) throw new Error('dovecot-harness: running as root but found neither a "mail" nor a "nobody" user');
  // dovenull and dovecot come with dovecot-core; they are what Debian's own config uses.
  const internal = lookupUser('dovecot');
  if (!internal) throw new Error('dovecot-harness: no "dovecot" system user; is dovecot-core installed?');
  return { mailUid: mail.uid, mailGid: mail.gid, loginUser: 'dovenull', internalUser: 'dovecot',
    internalGroup: 'dovecot', internalUid: internal.uid, chown: true };
}

function renderConfig(dir: string, identity: Identity, pki: TestPki, ports: [number, number], extra: string): string {
  const root = identity.chown;
  return `# Generated by tests/support/dovecot-harness.ts
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = pop3
listen = 127.0.0.1
ssl = yes
ssl_cert = <${pki.serverCertFile}
ssl_key = <${pki.serverKeyFile}
# USER/PASS and AUTH PLAIN on the plaintext port too: tests drive plaintext loopback on purpose.
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests of wrong passwords should not slow later logins: no failure delay, and no anvil
# auth penalty (otherwise every login from 127.0.0.1 after a failure waits up to 15 s).
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
first_valid_uid = ${identity.mailUid}
first_valid_gid = ${identity.mailGid}
default_login_user = ${identity.loginUser}
default_internal_user = ${identity.internalUser}
default_internal_group = ${identity.internalGroup}
mail_location = maildir:~/Maildir
# Tests open many sessions from 127.0.0.1 at once.
mail_max_userip_connections = 1000
${root ? '' : '# Not root: chroot is impossible, so turn it off where Dovecot uses it.\nservice pop3-login {\n  chroot =\n}\nservice anvil {\n  chroot =\n}'}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${identity.mailUid} gid=${identity.mailGid} home=${dir}/mail/%u
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = ${ports[0]}
  }
  inet_listener pop3s {
    address = 127.0.0.1
    port = ${ports[1]}
    ssl = yes
  }
}
${extra}
`;
}

async function readLog(dir: string): Promise<string> {
  return readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '(no log written)');
}

/** Starts Dovecot with the given users and mail. Resolves once both ports accept connections. */
export async function startDovecot(options: DovecotOptions): Promise<DovecotServer> {
  for (const { user, password } of options.users) {
    if (!SAFE_NAME.test(user)) throw new Error(`dovecot-harness: unsafe user name ${JSON.stringify(user)}`);
    // passwd-file is colon-separated and line-based.
    if (/[:\r\n]/.test(password)) throw new Error('dovecot-harness: a password may not contain ":" or a line break');
  }
  const identity = resolveIdentity();
  const dir = await mkdtemp(join(tmpdir(), 'satchel-dovecot-'));
  try {
    // The mail user must be able to walk into dir to reach its maildir (mkdtemp gives 0700).
    await chmod(dir, 0o711);
    const pki = await createTestPki(join(dir, 'pki'));
    await writeFile(
      join(dir, 'passwd'),
      options.users.map(({ user, password }) => `${user}:{PLAIN}${password}\n`).join(''),
      { mode: 0o600 },
    );
    // The auth process runs as the internal user and opens passwd itself.
    if (identity.chown) await chown(join(dir, 'passwd'), identity.internalUid, -1);
    const mailbox = new MaildirWriter(dir, identity);
    for (const { user, messages = [] } of options.users) {
      await mailbox.createUser(user);
      for (const message of messages) await mailbox.deliver(user, message);
    }
    const { child, ports } = await launch(dir, identity, pki, options);
    return {
      host: '127.0.0.1',
      tlsHostname: 'localhost',
      pop3Port: ports[0],
      pop3sPort: ports[1],
      pki,
      dir,
      deliver: (user, message) => {
        if (!options.users.some((u) => u.user === user)) {
          return Promise.reject(new Error(`dovecot-harness: no user ${JSON.stringify(user)}`));
        }
        return mailbox.deliver(user, message);
      },
      stop: async () => {
        await stopChild(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(
  dir: string,
  identity: Identity,
  pki: TestPki,
  options: DovecotOptions,
): Promise<{ child: ChildProcess; ports: [number, number] }> {
  const timeoutMs = options.startTimeoutMs ?? 15_000;
  // Ports are found by binding port 0 and releasing; another process may grab one before
  // Dovecot binds it, so a bind failure is retried with new ports.
  for (let attempt = 1; ; attempt++) {
    const ports = (await findFreePorts(2)) as [number, number];
    const configFile = join(dir, 'dovecot.conf');
    await writeFile(configFile, renderConfig(dir, identity, pki, ports, options.extraConfig ?? ''));
    await rm(join(dir, 'run'), { recursive: true, force: true });
    await writeFile(join(dir, 'dovecot.log'), '');
    // Its own process group, so stop() can signal the master and every child at once:
    // SIGTERM to the master alone takes seconds to wind the children down.
    const child = spawn(DOVECOT_BINARY, ['-c', configFile, '-F'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    registerExitKill(child, dir);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`exited (${signal ?? code})`)));
    const ready = Promise.all(ports.map((port) => waitForPort('127.0.0.1', port, timeoutMs))).then(() => 'ready');
    const outcome = await Promise.race([ready, exited]).catch((error: Error) => error.message);
    if (outcome === 'ready') return { child, ports };
    await stopChild(child);
    const log = await readLog(dir);
    if (attempt < 4 && /Address already in use/.test(log + stderr)) continue;
    throw new Error(`Dovecot did not start: ${outcome}\n--- stderr ---\n${stderr}\n--- ${dir}/dovecot.log ---\n${log}`);
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-(child.pid ?? 0), signal);
    return true;
  } catch {
    return false; // ESRCH: the whole group is gone.
  }
}

/**
 * SIGTERM to Dovecot's process group, SIGKILL after a short grace, then waits until the
 * group is empty (ports free). The grace is short because a terminated master can sleep
 * for seconds waiting on children, and a test server has nothing worth shutting down cleanly.
 */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const masterExited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 250);
  await masterExited;
  // Children may outlive the master by a few ms, still holding the listening sockets.
  const deadline = Date.now() + 3_000;
  while (signalGroup(child, 0 as unknown as NodeJS.Signals)) {
    if (Date.now() > deadline) {
      signalGroup(child, 'SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  clearTimeout(timer);
  unregisterExitKill(child);
}

/** Writes maildir files the way an MDA would: into tmp/, then renamed into new/. */
class MaildirWriter {
  readonly #dir: string;
  readonly #identity: Identity;
  // Seconds since the epoch for the next message; one second apart so that both the
  // file-name order Dovecot sorts by and the mtimes (received dates) increase.
  #nextSeconds = Math.floor(Date.now() / 1000) - 30 * 24 * 3600;
  #sequence = 0;

  constructor(dir: string, identity: Identity) {
    this.#dir = dir;
    this.#identity = identity;
  }

  #maildir(user: string): string {
    return join(this.#dir, 'mail', user, 'Maildir');
  }

  async #own(path: string): Promise<void> {
    if (this.#identity.chown) await chown(path, this.#identity.mailUid, this.#identity.mailGid);
  }

  async createUser(user: string): Promise<void> {
    await mkdir(join(this.#dir, 'mail'), { recursive: true, mode: 0o711 });
    const home = join(this.#dir, 'mail', user);
    const maildir = this.#maildir(user);
    for (const path of [home, maildir, join(maildir, 'new'), join(maildir, 'cur'), join(maildir, 'tmp')]) {
      await mkdir(path, { mode: 0o700 });
      await this.#own(path);
    }
  }

  async deliver(user: string, message: Uint8Array): Promise<void> {
    const seconds = this.#nextSeconds++;
    const sequence = ++this.#sequence;
    const name = `${seconds}.M${sequence}P${process.pid}Q${sequence}.satchel`;
    const maildir = this.#maildir(user);
    const staged = join(maildir, 'tmp', name);
    await writeFile(staged, message, { mode: 0o600 });
    await this.#own(staged);
    await utimes(staged, seconds, seconds);
    await rename(staged, join(maildir, 'new', name));
  }
}
