/**
 * A throwaway PKI for tests: one CA and one server certificate, made with the openssl CLI.
 *
 * The server certificate names `DNS:localhost` only, never `IP:127.0.0.1`, so that a test
 * can connect to 127.0.0.1 with servername 127.0.0.1 and prove a host-name mismatch is
 * refused, and connect with servername `localhost` to prove the happy path.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPki {
  caCertFile: string;
  caCertPem: string;
  serverCertFile: string;
  serverKeyFile: string;
}

// Key generation is the slow part (tens of ms each); one set of keys per process is enough,
// because tests only ever need "a cert the test trusts for localhost".
let cached: Promise<PkiFiles> | undefined;

/** The generated PEM files, kept in memory so no temp folder outlives its use. */
interface PkiFiles {
  caPem: string;
  serverPem: string;
  serverKey: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0]} failed: ${stderr || String(error)}`);
  }
}

async function generate(): Promise<PkiFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'satchel-pki-'));
  try {
    return await generateIn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function generateIn(dir: string): Promise<PkiFiles> {  // EC P-256 keys are fast to generate and every TLS stack here accepts them.
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl(
    ['req', '-x509', ...ecKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2',
      '-subj', '/CN=Satchel Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  await openssl(
    ['req', ...ecKey, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'],
    dir,
  );
  await writeFile(
    join(dir, 'server.ext'),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      // DNS:localhost only: see the file comment.
      'subjectAltName=DNS:localhost',
      '',
    ].join('\n'),
  );
  await openssl(
    ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
      '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext'],
    dir,
  );
  return {
    caPem: await readFile(join(dir, 'ca.pem'), 'utf8'),
    serverPem: await readFile(join(dir, 'server.pem'), 'utf8'),
    serverKey: await readFile(join(dir, 'server.key'), 'utf8'),
  };
}

/**
 * Writes the CA certificate, server certificate and server key into `dir` and returns
 * their paths. The keys are generated once per process and kept in memory, so this is cheap.
 */
export async function createTestPki(dir: string): Promise<TestPki> {
  cached ??= generate();
  let source: PkiFiles;
  try {
    source = await cached;
  } catch (error) {
    cached = undefined;
    throw error;
  }
  await mkdir(dir, { recursive: true });
  const pki: TestPki = {
    caCertFile: join(dir, 'ca.pem'),
    caCertPem: source.caPem,
    serverCertFile: join(dir, 'server.pem'),
    serverKeyFile: join(dir, 'server.key'),
  };
  await writeFile(pki.caCertFile, source.caPem);
  await writeFile(pki.serverCertFile, source.serverPem);
  await writeFile(pki.serverKeyFile, source.serverKey, { mode: 0o600 });
  return pki;
}
