import { SyncController } from '../../../../web/src/lib/sync/sync-controller.svelte.ts';
import type { FromSyncWorker, ToSyncWorker } from '../../../../web/src/lib/sync/sync-messages.ts';

/** Stands in for the sync Worker: records what the UI posts, and lets the test answer. */
export class FakeSyncWorker extends EventTarget {
  readonly posted: ToSyncWorker[] = [];
  terminated = false;
  postMessage(message: ToSyncWorker): void {
    this.posted.push(structuredClone(message));
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(message: FromSyncWorker): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
}

/** A SyncController whose Workers are FakeSyncWorkers, listed in the order it made them. */
export function controllerWithFakeWorkers(): { controller: SyncController; workers: FakeSyncWorker[] } {
  const workers: FakeSyncWorker[] = [];
  const controller = new SyncController({
    createWorker: () => {
      const worker = new FakeSyncWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
  });
  return { controller, workers };
}
