import { rootCertificates } from 'node:tls';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedConfig } from 'vite';
import { TEST_ROOTS_MODE, trustRoots } from '../../../../web/build/trust-roots-plugin.ts';

const TEST_CA = '-----BEGIN CERTIFICATE-----\nTESTCA\n-----END CERTIFICATE-----\n';

type Hook = (this: unknown, ...args: unknown[]) => unknown;
const call = (hook: unknown, ...args: unknown[]): unknown => (hook as Hook).call({}, ...args);

async function moduleText(mode: string): Promise<string> {
  const plugin = trustRoots();
  call(plugin.configResolved, { mode } as ResolvedConfig);
  const id = call(plugin.resolveId, 'virtual:satchel-trust-roots') as string;
  return call(plugin.load, id) as string;
}

describe('the trust-roots build plugin', () => {
  let dir: string | undefined;
  afterEach(async () => {
    delete process.env.SATCHEL_TEST_TRUST_ROOTS_FILE;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ships exactly Node\'s root certificates', async () => {
    const pem = JSON.parse((await moduleText('production')).replace(/^export default /, '').replace(/;$/, '')) as string;
    expect(pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(rootCertificates.length);
  });

  it('adds a test CA only in the test-roots mode, and fails any other build that is given one', async () => {
    dir = await mkdtemp(join(tmpdir(), 'satchel-roots-'));
    process.env.SATCHEL_TEST_TRUST_ROOTS_FILE = join(dir, 'ca.pem');
    await writeFile(process.env.SATCHEL_TEST_TRUST_ROOTS_FILE, TEST_CA);
    expect(await moduleText(TEST_ROOTS_MODE)).toContain('TESTCA');
    await expect(moduleText('production')).rejects.toThrow(/only with --mode test-trust-roots/);
  });
});
