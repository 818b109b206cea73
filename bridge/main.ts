/**
 * `tsx bridge/main.ts`: runs the bridge. With SATCHEL_CONFIG it loads that file; without it,
 * it starts the built-in demo POP3 server on loopback and a bridge with one target for it,
 * so `npm start` shows a working mailbox with no setup.
 *
 * Signals (docs/BRIDGE.md, "Running it as a service"): SIGHUP reloads SATCHEL_CONFIG and the
 * certificates it names; SIGTERM drains (limits.drainGraceMs); SIGINT closes at once.
 */
import { applyEnvironment, loadConfig, readConfigFile, REPO_ROOT, type BridgeConfig } from './config/index.ts';
import { BridgeError } from './errors/index.ts';
import { browserAddress, startBridge } from './server/index.ts';
import { startDemoPop3Server } from './demo/index.ts';

/** How long shutdown may take, past the drain's grace period, before the process exits anyway. */
const FORCED_EXIT_MS = 5000;

async function main(): Promise<void> {
  const configFile = process.env.SATCHEL_CONFIG;
  let demo: { close(): Promise<void> } | null = null;
  let config: BridgeConfig;
  if (configFile !== undefined && configFile !== '') {
    config = applyEnvironment(readConfigFile(configFile), process.env);
  } else {
    const server = await startDemoPop3Server();
    demo = server;
    config = applyEnvironment(
      loadConfig(
        {
          listen: { host: '127.0.0.1', port: 8080 },
          targets: [{ name: 'demo', label: 'Demo mailbox', host: server.host, port: server.port, tls: 'plaintext', allowLocal: true, endToEnd: false }],
        },
        REPO_ROOT,
      ),
      process.env,
    );
    // Demo mode is for one person on this machine: keep it on loopback whatever PORT says.
    config = { ...config, listen: { ...config.listen, host: '127.0.0.1' } };
  }

  const bridge = await startBridge(config);
  const address = browserAddress(bridge.url);
  process.stderr.write(
    demo ? `Satchel is running with a demo mailbox: open ${address} (Ctrl+C to stop)\n` : `Satchel bridge is listening: open ${address} (Ctrl+C to stop)\n`,
  );

  // Demo mode has no file to reload: there SIGHUP keeps its meaning (the terminal closed, exit).
  if (configFile !== undefined && configFile !== '') {
    process.on('SIGHUP', () => {
      config = bridge.reload(() => applyEnvironment(readConfigFile(configFile), process.env));
    });
  }

  let stopping = false;
  const stop = (signal: string, drain: boolean): void => {
    if (stopping) {
      // A second signal is impatient: end the drain's grace period now.
      process.stderr.write(`${signal}: closing the remaining tunnels now\n`);
      void bridge.close();
      return;
    }
    stopping = true;
    const graceMs = drain ? config.limits.drainGraceMs : 0;
    process.stderr.write(drain ? `${signal}: draining for up to ${graceMs} ms\n` : `${signal}: shutting down\n`);
    setTimeout(() => process.exit(0), graceMs + FORCED_EXIT_MS).unref();
    void (async () => {
      await (drain ? bridge.drain() : bridge.close());
      await demo?.close();
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => stop('SIGTERM', true));
  process.on('SIGINT', () => stop('SIGINT', false));
}

main().catch((error: unknown) => {
  const code = error instanceof BridgeError ? error.code : 'BRIDGE_ERR_STARTUP';
  process.stderr.write(`satchel bridge: ${code}: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
