/**
 * The mail server of the bridge load test (bridge-load.ts), in its own process so that its
 * sockets count against its own file-descriptor limit, not the bridge's or the clients':
 * the demo POP3 server over implicit TLS, on a given mailbox folder.
 * `tsx bridge-load-upstream.ts --mailbox=DIR --cert=FILE --key=FILE` prints `{"port":N}`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startDemoPop3Server } from '../../../bridge/demo/index.ts';

const { values } = parseArgs({ options: { mailbox: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' } } });
const server = await startDemoPop3Server({
  mailboxDir: values.mailbox!,
  tls: { cert: readFileSync(values.cert!, 'utf8'), key: readFileSync(values.key!, 'utf8') },
  maxConnections: 30_000,
  idleTimeoutMs: 3_600_000,
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
