/**
 * Runs the demo POP3 server on its own, for trying it with any POP3 client (mpop, fetchmail,
 * telnet): `npx tsx bridge/demo/run-demo-server.ts [port]`. `npm start` does not need this;
 * bridge/main.ts starts the server itself.
 */
import { DEMO_PASSWORD, startDemoPop3Server } from './index.ts';

const port = Number(process.argv[2] ?? 1110);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`usage: tsx bridge/demo/run-demo-server.ts [port]\n`);
  process.exit(2);
}
const server = await startDemoPop3Server({ port });
process.stderr.write(`demo POP3 server on ${server.host}:${server.port} (any user, password "${DEMO_PASSWORD}"); Ctrl+C to stop\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
