// The dedicated sync Worker's entry: wires the host (sync-worker-host.ts) to the Worker global.
// POP3, metadata parsing and IndexedDB writes all happen here, off the UI thread.
import { openSatchelDB } from '../../storage/index.ts';
import { createSyncWorkerHost, tunnelUrlFor } from './sync-worker-host.ts';
import type { FromSyncWorker, ToSyncWorker } from '../sync-messages.ts';
import { CIPHERTEXT_MAX_FRAME_BYTES, openResumableTunnel } from '../../../../../shared/tunnel/index.ts';
import { openSyncChannel } from './open-sync-channel.ts';
import { installFreshIso2022JpDecoder } from '../../message/fresh-iso-2022-jp-decoder.ts';

installFreshIso2022JpDecoder();

/** Long enough for a slow, high-latency link; short enough that a dead one ends the sync. */
const TUNNEL_TIMEOUT_MS = 60_000;

// web/tsconfig has the DOM lib, not WebWorker: name the few parts of the Worker global we use.
interface SyncWorkerScope {
  location: { protocol: string; host: string };
  postMessage(message: FromSyncWorker): void;
  onmessage: ((event: MessageEvent<ToSyncWorker>) => void) | null;
}

const scope = self as unknown as SyncWorkerScope;
const url = tunnelUrlFor(scope.location);

const handle = createSyncWorkerHost({
  post: (message) => scope.postMessage(message),
  openDb: () => openSatchelDB(),
  // Resumable: when the WebSocket drops (a tunnel, a dead zone), the bridge holds the POP3
  // session and this picks it up at the exact byte it reached, instead of starting over.
  // An end-to-end account does TLS here, over the tunnel's bytes (open-sync-channel.ts).
  openChannel: (account) =>
    openSyncChannel(
      account,
      () =>
        openResumableTunnel({
          url,
          target: account.targetName,
          createWebSocket: (address) => new WebSocket(address),
          handshakeTimeoutMs: TUNNEL_TIMEOUT_MS,
          ...(account.endToEndHost === undefined ? {} : { maxFrameBytes: CIPHERTEXT_MAX_FRAME_BYTES }),
        }),
      () => import('./shipped-trust-store.ts').then((module) => module.shippedTrustStore()),
    ),
});

scope.onmessage = (event) => handle(event.data);
