#!/usr/bin/env node
// Makes sure the Debian packages the test suite drives for real are installed:
// Dovecot (the POP3 server under test), openssl (the throwaway test PKI), Chromium
// (end-to-end tests), HAProxy (the load balancer in front of several bridges),
// mpop/fetchmail (reference clients for the benchmark) and jemalloc (the allocator the
// bridge's systemd unit preloads; its test and the bridge load test run it).
//
// Then it makes sure the other real POP3 servers (Cyrus, Courier, popa3d) are unpacked
// under node_modules/.cache/satchel-servers: they all conflict with dovecot-pop3d in apt
// (each Provides and Conflicts pop3-server), so they are never installed. Their .deb files
// are fetched with `apt-get download` and unpacked with `dpkg-deb -x`; the test harnesses
// run them in a private mount namespace with the unpacked /usr laid over the real one
// (tests/support/private-mount-namespace.ts), so nothing on the machine changes.
//
// When everything is present it prints nothing and only stats a few files, so that
// `npm test` pays well under 100 ms for it. Plain Node ESM, no dependencies, because it
// runs before anything else and must not need a build step.
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's multiarch directory under /usr/lib for this machine, e.g. x86_64-linux-gnu. */
const MULTIARCH = `${{ x64: 'x86_64', arm64: 'aarch64' }[process.arch] ?? process.arch}-linux-gnu`;

/** Each package with the files whose presence proves it is installed (executables, or libraries: readable). */
const PACKAGES = [
  {
    name: 'dovecot-pop3d',
    // dovecot-pop3d depends on dovecot-core, which ships /usr/sbin/dovecot.
    files: ['/usr/sbin/dovecot', '/usr/lib/dovecot/pop3', '/usr/lib/dovecot/pop3-login'],
  },
  { name: 'openssl', files: ['/usr/bin/openssl'] },
  { name: 'chromium', files: ['/usr/bin/chromium'] },
  { name: 'haproxy', files: ['/usr/sbin/haproxy'] },
  { name: 'mpop', files: ['/usr/bin/mpop'] },
  { name: 'fetchmail', files: ['/usr/bin/fetchmail'] },
  { name: 'libjemalloc2', files: [`/usr/lib/${MULTIARCH}/libjemalloc.so.2`], library: true },
];

function isPresent(file, mode) {
  try {
    accessSync(file, mode);
    return true;
  } catch {
    return false;
  }
}

function missingPackages() {
  return PACKAGES.filter((pkg) => !pkg.files.every((file) => isPresent(file, pkg.library ? constants.R_OK : constants.X_OK))).map((pkg) => pkg.name);
}

/** True when apt has no package lists yet (a fresh container), so install would fail. */
function aptListsEmpty() {
  try {
    return !readdirSync('/var/lib/apt/lists').some((f) => f.endsWith('_Packages') || f.includes('_Packages.'));
  } catch {
    return true;
  }
}

function apt(args) {
  console.error(`ensure-system-deps: apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) {
    console.error(`ensure-system-deps: could not run apt-get: ${result.error.message}`);
    return false;
  }
  return result.status === 0;
}

/**
 * Servers that are unpacked, not installed: each with the packages to unpack, which are the
 * server's own plus the libraries it links that a bookworm machine with dovecot-pop3d lacks
 * (found with ldd under the namespace; see tests/support/README.md). Keep in step with
 * tests/support/extracted-server-root.ts, which reads the same folders.
 */
const EXTRACTED_SERVERS = [
  { name: 'popa3d', packages: ['popa3d'] },
  {
    name: 'courier',
    packages: ['courier-pop', 'courier-base', 'courier-authlib', 'courier-authdaemon', 'courier-authlib-userdb',
      'libcourier-unicode4', 'libgamin0', 'libpcre3', 'libltdl7'],
  },
  {
    name: 'cyrus',
    packages: ['cyrus-pop3d', 'cyrus-common', 'libclamav12', 'libmspack0', 'libical3', 'libxapian30', 'libzephyr4', 'libpcre3'],
  },
];
const SERVERS_CACHE = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'satchel-servers');
/** Bump to force a fresh unpack when the layout below changes. */
const UNPACK_FORMAT = 1;

function stampOf(server) {
  return `format ${UNPACK_FORMAT}\n${server.packages.join('\n')}\n`;
}

function unpackedServersMissing() {
  return EXTRACTED_SERVERS.filter((server) => {
    try {
      return readFileSync(join(SERVERS_CACHE, server.name, 'STAMP'), 'utf8') !== stampOf(server);
    } catch {
      return true;
    }
  });
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

/** Downloads every package the missing servers need (once each), then unpacks each server. */
function unpackServers(servers) {
  const downloads = join(SERVERS_CACHE, `.download-${process.pid}`);
  rmSync(downloads, { recursive: true, force: true });
  mkdirSync(downloads, { recursive: true });
  try {
    const packages = [...new Set(servers.flatMap((server) => server.packages))];
    console.error(`ensure-system-deps: apt-get download ${packages.join(' ')}`);
    // As root, apt drops to _apt to download, which cannot write here; keep it as root.
    const sandbox = process.getuid?.() === 0 ? ['-o', 'APT::Sandbox::User=root'] : [];
    try {
      run('apt-get', [...sandbox, 'download', ...packages], { cwd: downloads });
    } catch (error) {
      // Stale lists name versions the mirror no longer has: update once, as for install.
      if (process.getuid?.() !== 0 || !apt(['update'])) throw error;
      run('apt-get', [...sandbox, 'download', ...packages], { cwd: downloads });
    }
    const debs = readdirSync(downloads).filter((file) => file.endsWith('.deb'));
    for (const server of servers) {
      const target = join(SERVERS_CACHE, server.name);
      const staging = `${target}.unpacking-${process.pid}`;
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(join(staging, 'root'), { recursive: true });
      for (const pkg of server.packages) {
        const deb = debs.find((file) => file.startsWith(`${pkg}_`));
        if (!deb) throw new Error(`apt-get download gave no .deb for ${pkg}`);
        run('dpkg-deb', ['-x', join(downloads, deb), join(staging, 'root')]);
      }
      // bookworm is usr-merged (/lib -> usr/lib), but some packages still ship /lib files
      // (libpcre3): move them under usr/ so one overlay of /usr shows everything.
      const lib = join(staging, 'root', 'lib');
      if (existsSync(lib)) run('cp', ['-a', `${lib}/.`, join(staging, 'root', 'usr', 'lib')]);
      writeFileSync(join(staging, 'STAMP'), stampOf(server));
      rmSync(target, { recursive: true, force: true });
      renameSync(staging, target);
      console.error(`ensure-system-deps: unpacked ${server.name} into ${target}`);
    }
  } finally {
    rmSync(downloads, { recursive: true, force: true });
  }
}

const missing = missingPackages();
if (missing.length > 0) installMissingPackages(missing);

const unpack = unpackedServersMissing();
if (unpack.length > 0) {
  // apt-get download needs package lists, nothing else; it works without root.
  if (aptListsEmpty() && process.getuid?.() === 0) apt(['update']);
  try {
    unpackServers(unpack);
  } catch (error) {
    console.error(`ensure-system-deps: could not unpack ${unpack.map((s) => s.name).join(', ')}: ${error.message}`);
    process.exit(1);
  }
}

function installMissingPackages(missing) {
  const installArgs = ['install', '-y', '--no-install-recommends', ...missing];
  console.error(`ensure-system-deps: missing Debian packages: ${missing.join(', ')}`);

  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    console.error('ensure-system-deps: not root; install them with:');
    console.error(`  sudo apt-get ${installArgs.join(' ')}`);
    process.exit(1);
  }

  // Update first only when it is needed: lists absent, or an install that failed
  // (stale lists naming package versions the mirror no longer has).
  let installed = false;
  if (!aptListsEmpty()) installed = apt(installArgs);
  if (!installed) {
    if (!apt(['update'])) {
      console.error('ensure-system-deps: apt-get update failed');
      process.exit(1);
    }
    installed = apt(installArgs);
  }

  const stillMissing = missingPackages();
  if (!installed || stillMissing.length > 0) {
    console.error(`ensure-system-deps: still missing after apt-get: ${stillMissing.join(', ') || '(install failed)'}`);
    process.exit(1);
  }
  console.error('ensure-system-deps: installed ' + missing.join(', '));
}
