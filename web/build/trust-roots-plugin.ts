import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { Plugin } from 'vite';

const MODULE_ID = 'virtual:satchel-trust-roots';
const RESOLVED_ID = `\0${MODULE_ID}`;

/** The only build mode that may add roots; its output goes to its own folder (e2e spec 21). */
export const TEST_ROOTS_MODE = 'test-trust-roots';
const TEST_ROOTS_ENV = 'SATCHEL_TEST_TRUST_ROOTS_FILE';

/**
 * Ships Node's root certificates (Mozilla's store, as the building Node carries it) to the sync
 * Worker's end-to-end TLS. A test CA can be added only by a build in TEST_ROOTS_MODE with
 * SATCHEL_TEST_TRUST_ROOTS_FILE set; any other build with that variable set fails, so a test CA
 * cannot reach a build meant for users by accident, and nothing at run time can add a root.
 */
export function trustRoots(): Plugin {
  let extraPem = '';
  return {
    name: 'satchel-trust-roots',
    configResolved(config) {
      const file = process.env[TEST_ROOTS_ENV];
      if (file === undefined || file === '') return;
      if (config.mode !== TEST_ROOTS_MODE) throw new Error(`${TEST_ROOTS_ENV} is honoured only with --mode ${TEST_ROOTS_MODE}`);
      extraPem = readFileSync(file, 'utf8');
    },
    resolveId(id) {
      return id === MODULE_ID ? RESOLVED_ID : null;
    },
    load(id) {
      if (id !== RESOLVED_ID) return null;
      return `export default ${JSON.stringify([...rootCertificates, extraPem].join('\n'))};`;
    },
  };
}
