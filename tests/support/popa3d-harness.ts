/**
 * A real popa3d 1.0.3 (Debian's build) for integration tests, unpacked from its .deb and
 * run in a private mount namespace (private-mount-namespace.ts), on one free loopback port.
 *
 * How, and why this way (found by running it):
 * - popa3d's daemon mode (-D) binds 0.0.0.0:110, fixed at compile time, so it runs in
 *   inetd mode instead: inetd-listener.mjs accepts on 127.0.0.1:<free port> and starts
 *   `/usr/sbin/popa3d` per connection with the socket as stdin/stdout, as Debian's
 *   update-inetd setup does.
 * - It authenticates through PAM (service "popa3d") against system users, and serves the
 *   mbox /var/mail/<user>, after chroot()ing its unauthenticated half into /var/lib/popa3d
 *   as user "popa3d". The least invasive way to give it users is the namespace: a private
 *   /etc/passwd, /etc/group and /etc/shadow (SHA-512 crypt from `openssl passwd -6`) and a
 *   private /etc/pam.d holding only `popa3d` (pam_unix), bind-mounted over the real ones;
 *   the harness's mail folder over /var/mail; and /var/lib/popa3d (absent on the host)
 *   added with a read-only overlay on /var/lib. The machine's users and PAM never change.
 * - No TLS, no CAPA: plaintext USER/PASS only, so the bridge reaches it as a loopback
 *   plaintext target.
 * - Mail is one mbox per user. A new message starts at a "From " line after a blank line,
 *   and popa3d does not unquote ">From ", so the writer quotes every line starting with
 *   "From " (mboxo) and ends every message with a line break plus a blank line; popa3d
 *   drops that blank line when serving. popa3d turns every LF into CRLF, a CR before it
 *   included, so CRLF is stored as LF, as an MDA delivering to an mbox does.
 * - popa3d writes its status line and the message separately, so without TCP_NODELAY
 *   every command waits ~44 ms for the client's delayed ACK (measured: 20 RETRs in 0.9 s
 *   on loopback). The harness sets TCP_NODELAY on each connection unless told otherwise,
 *   to keep the suite fast; `tcpNoDelay: false` gives the inetd-like timing.
 * - UIDL is an MD5 over a few header fields (Received, Message-ID, …), so messages that
 *   lack them collide: popa3d serves duplicate unique-ids.
 */
import { appendFile, chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractedServerRoot } from './extracted-server-root.ts';
import { startNamespacedServer, stopProcessGroup } from './private-mount-namespace.ts';
import { sha512Crypt } from './sha512-crypt.ts';

export interface Popa3dUser {
  user: string;
  password: string;
  /** Delivered in order: messages[0] becomes message number 1. */
  messages?: Uint8Array[];
}

export interface Popa3dServer {
  host: '127.0.0.1';
  /** Plaintext POP3 (popa3d has no TLS). */
  pop3Port: number;
  dir: string;
  /** Milliseconds from spawn to the port accepting connections. */
  startMs: number;
  /** Appends a message to the user's mbox; it becomes the next message number. */
  deliver(user: string, message: Uint8Array): Promise<void>;
  stop(): Promise<void>;
}

const SAFE_NAME = /^[a-z][a-z0-9._-]{0,31}$/;
/** uids inside the namespace only; they own the harness's files in the temp folder. */
const POPA3D_UID = 64010;
const FIRST_USER_UID = 64011;
const INETD_LISTENER = join(dirname(fileURLToPath(import.meta.url)), 'inetd-listener.mjs');
const FROM_LINE = new TextEncoder().encode('From satchel@localhost Thu Jan  1 00:00:00 2026\n');

/**
 * The message as an mboxo entry, written the way an MDA delivers to a Unix mbox: CRLF
 * line ends become LF (popa3d turns every LF into CRLF when serving, so a CRLF file
 * would be served with CR CR LF), every line starting with "From " gets a ">" (popa3d
 * would otherwise split the message there), then a final line break if missing, then the
 * blank line that separates entries. Returns how many lines were quoted.
 */
export function toMboxEntry(message: Uint8Array): { bytes: Uint8Array; quotedLines: number } {
  const text = Buffer.from(message);
  const parts: Buffer[] = [Buffer.from(FROM_LINE)];
  let quotedLines = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf(0x0a, lineStart);
    const lineEnd = newline < 0 ? text.length : newline + 1;
    const line = text.subarray(lineStart, lineEnd);
    if (line.subarray(0, 5).toString('latin1') === 'From ') {
      parts.push(Buffer.from('>'));
      quotedLines++;
    }
    const crlf = line.length >= 2 && line[line.length - 2] === 0x0d && line[line.length - 1] === 0x0a;
    parts.push(crlf ? Buffer.concat([line.subarray(0, line.length - 2), Buffer.from('\n')]) : line);
    lineStart = lineEnd;
  }
  if (text.length > 0 && text[text.length - 1] !== 0x0a) parts.push(Buffer.from('\n'));
  parts.push(Buffer.from('\n'));
  return { bytes: new Uint8Array(Buffer.concat(parts)), quotedLines };
}

/** Starts popa3d (through inetd-listener.mjs) with the given users and mail. */
export async function startPopa3d(options: {
  users: Popa3dUser[];
  /** TCP_NODELAY on each connection (see the file comment). Default true. */
  tcpNoDelay?: boolean;
  startTimeoutMs?: number;
}): Promise<Popa3dServer> {
  for (const { user, password } of options.users) {
    if (!SAFE_NAME.test(user) || user === 'popa3d' || user === 'root') throw new Error(`popa3d-harness: unusable user name ${JSON.stringify(user)}`);
    if (/[\r\n]/.test(password)) throw new Error('popa3d-harness: a password may not contain a line break');
  }
  const root = extractedServerRoot('popa3d');
  const dir = await mkdtemp(join(tmpdir(), 'satchel-popa3d-'));
  try {
    await chmod(dir, 0o755);
    const uids = new Map(options.users.map(({ user }, index) => [user, FIRST_USER_UID + index]));
    const etc = join(dir, 'etc');
    await mkdir(join(etc, 'pam.d'), { recursive: true });
    const accounts = [['popa3d', POPA3D_UID], ...uids] as const;
    await writeFile(
      join(etc, 'passwd'),
      'root:x:0:0:root:/root:/bin/sh\n' + accounts.map(([name, uid]) => `${name}:x:${uid}:${uid}::/nonexistent:/usr/sbin/nologin\n`).join(''),
    );
    await writeFile(join(etc, 'group'), 'root:x:0:\n' + accounts.map(([name, uid]) => `${name}:x:${uid}:\n`).join(''));
    const hashes = new Map(options.users.map(({ user, password }) => [user, sha512Crypt(password)]));
    await writeFile(
      join(etc, 'shadow'),
      'root:*:19000:0:99999:7:::\npopa3d:*:19000:0:99999:7:::\n' +
        options.users.map(({ user }) => `${user}:${hashes.get(user)}:19000:0:99999:7:::\n`).join(''),
      { mode: 0o600 },
    );
    await writeFile(join(etc, 'pam.d', 'popa3d'), 'auth required pam_unix.so\naccount required pam_unix.so\n');
    // popa3d chroots into /var/lib/popa3d before login: an empty folder owned by root.
    await mkdir(join(dir, 'var-lib', 'popa3d'), { recursive: true, mode: 0o755 });
    const mail = join(dir, 'mail');
    await mkdir(mail, { mode: 0o755 });
    const mboxes = new Map<string, string>();
    for (const { user, messages = [] } of options.users) {
      const mbox = join(mail, user);
      const uid = uids.get(user) ?? 0;
      await writeFile(mbox, Buffer.concat(messages.map((message) => toMboxEntry(message).bytes)), { mode: 0o600 });
      await chown(mbox, uid, uid);
      mboxes.set(user, mbox);
    }
    const { child, ports, startMs } = await startNamespacedServer({
      name: 'popa3d',
      usrLayer: root,
      dir,
      mounts: [
        { bind: join(etc, 'passwd'), over: '/etc/passwd' },
        { bind: join(etc, 'group'), over: '/etc/group' },
        { bind: join(etc, 'shadow'), over: '/etc/shadow' },
        { bind: join(etc, 'pam.d'), over: '/etc/pam.d' },
        { layers: [join(dir, 'var-lib')], over: '/var/lib' },
        { bind: mail, over: '/var/mail' },
      ],
      portCount: 1,
      command: ([port]) => [
        process.execPath,
        INETD_LISTENER,
        ...(options.tcpNoDelay === false ? [] : ['--nodelay']),
        '127.0.0.1',
        String(port),
        '/usr/sbin/popa3d',
      ],
      ...(options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs }),
    });
    return {
      host: '127.0.0.1',
      pop3Port: ports[0] ?? 0,
      dir,
      startMs,
      deliver: async (user, message) => {
        const mbox = mboxes.get(user);
        if (!mbox) throw new Error(`popa3d-harness: no user ${JSON.stringify(user)}`);
        await appendFile(mbox, toMboxEntry(message).bytes);
      },
      stop: async () => {
        await stopProcessGroup(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
