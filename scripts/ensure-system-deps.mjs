#!/usr/bin/env node
// Makes sure the Debian packages the test suite drives for real are installed:
// Dovecot (the POP3 server under test), openssl (the throwaway test PKI), Chromium
// (end-to-end tests) and mpop/fetchmail (reference clients for the benchmark).
//
// When everything is present it prints nothing and only stats a few files, so that
// `npm test` pays well under 100 ms for it. Plain Node ESM, no dependencies, because it
// runs before anything else and must not need a build step.
import { accessSync, constants, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** Each package with the files whose presence proves it is installed. */
const PACKAGES = [
  {
    name: 'dovecot-pop3d',
    // dovecot-pop3d depends on dovecot-core, which ships /usr/sbin/dovecot.
    files: ['/usr/sbin/dovecot', '/usr/lib/dovecot/pop3', '/usr/lib/dovecot/pop3-login'],
  },
  { name: 'openssl', files: ['/usr/bin/openssl'] },
  { name: 'chromium', files: ['/usr/bin/chromium'] },
  { name: 'mpop', files: ['/usr/bin/mpop'] },
  { name: 'fetchmail', files: ['/usr/bin/fetchmail'] },
];

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function missingPackages() {
  return PACKAGES.filter((pkg) => !pkg.files.every(isExecutable)).map((pkg) => pkg.name);
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

const missing = missingPackages();
if (missing.length === 0) process.exit(0);

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
