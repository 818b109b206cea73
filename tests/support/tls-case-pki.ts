/**
 * Certificates for the end-to-end TLS failure cases, made with the openssl CLI: a CA, and
 * server certificates for `localhost` that are good, expired (2020), for another name, or from
 * a CA nobody trusts. EC P-256 keys, the kind the browser's TLS (subtls) verifies.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ServerCert {
  certPem: string;
  keyPem: string;
}

export interface TlsCasePki {
  caPem: string;
  good: ServerCert;
  expired: ServerCert;
  wrongHost: ServerCert;
  unknownCa: ServerCert;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const leafExtensions = (dnsName: string) =>
  ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', `subjectAltName=DNS:${dnsName}`, ''].join('\n');

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (error) {
    throw new Error(`openssl ${args[0]} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
}

async function makeCa(dir: string, name: string): Promise<void> {
  await openssl(['req', '-x509', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=Satchel ${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
}

async function makeLeaf(dir: string, name: string, ca: string, dnsName: string): Promise<ServerCert> {
  await writeFile(join(dir, `${name}.ext`), leafExtensions(dnsName));
  await openssl(['req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${dnsName}`], dir);
  await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`], dir);
  return { certPem: await readFile(join(dir, `${name}.pem`), 'utf8'), keyPem: await readFile(join(dir, `${name}.key`), 'utf8') };
}

/** `openssl x509 -req` (3.0) cannot back-date, so the expired one goes through `openssl ca`. */
async function makeExpiredLeaf(dir: string, ca: string): Promise<ServerCert> {
  await writeFile(join(dir, 'expired.ext'), leafExtensions('localhost'));
  await openssl(['req', ...EC_KEY, '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', '/CN=localhost'], dir);
  await mkdir(join(dir, 'db'));
  await writeFile(join(dir, 'db', 'index.txt'), '');
  await writeFile(join(dir, 'db', 'serial'), '1000\n');
  await writeFile(join(dir, 'ca.cnf'), ['[ca]', 'default_ca=d', '[d]', 'database=db/index.txt', 'new_certs_dir=db', 'serial=db/serial', 'default_md=sha256', 'policy=p', '[p]', 'commonName=supplied', ''].join('\n'));
  await openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', `${ca}.pem`, '-keyfile', `${ca}.key`, '-in', 'expired.csr', '-out', 'expired.pem',
    '-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-extfile', 'expired.ext', '-notext'], dir);
  return { certPem: await readFile(join(dir, 'expired.pem'), 'utf8'), keyPem: await readFile(join(dir, 'expired.key'), 'utf8') };
}

export async function createTlsCasePki(): Promise<TlsCasePki> {
  const dir = await mkdtemp(join(tmpdir(), 'satchel-tls-cases-'));
  try {
    await Promise.all([makeCa(dir, 'ca'), makeCa(dir, 'other-ca')]);
    const [good, wrongHost, unknownCa] = await Promise.all([
      makeLeaf(dir, 'good', 'ca', 'localhost'),
      makeLeaf(dir, 'wrong-host', 'ca', 'mail.other.test'),
      makeLeaf(dir, 'unknown-ca', 'other-ca', 'localhost'),
    ]);
    const expired = await makeExpiredLeaf(dir, 'ca');
    return { caPem: await readFile(join(dir, 'ca.pem'), 'utf8'), good, expired, wrongHost, unknownCa };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
