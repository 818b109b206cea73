/**
 * The app slot's bridge as its own Node process, as `npm start` runs it: the bench's process
 * holds Playwright and the mailboxes (a heap of some 42 MB that V8 marks again at every major
 * GC the bridge's socket buffers set off), and it drives the emulator and the other clients.
 * Started by app-bridge-child.ts over IPC: the config arrives in the first message; the log,
 * the listening port and on request the live tunnels' byte counts go back.
 */
import { loadConfig, startBridge, type RunningBridge } from '../../../bridge/index.ts';
import type { AppBridgeReply, AppBridgeRequest } from './app-bridge-child.ts';

const send = (reply: AppBridgeReply): void => void process.send?.(reply);
let bridge: RunningBridge | null = null;

process.on('message', (request: AppBridgeRequest) => {
  void (async () => {
    switch (request.type) {
      case 'start':
        bridge = await startBridge(loadConfig(request.config, request.baseDir), { log: (entry) => send({ type: 'log', entry }) });
        return send({ type: 'started', port: bridge.port });
      case 'tunnels':
        return send({ type: 'tunnels', id: request.id, tunnels: bridge?.tunnels() ?? [] });
      case 'close':
        await bridge?.close();
        process.disconnect();
    }
  })().catch((error: unknown) => {
    send({ type: 'failed', message: String((error as Error)?.message ?? error) });
    process.exit(1);
  });
});
// The bench going away for any reason ends this process too.
process.on('disconnect', () => process.exit(0));
