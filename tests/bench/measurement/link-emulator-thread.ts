/**
 * The link emulator (tests/support/link-emulator.ts) on a worker thread of its own, with the
 * same interface. On the bench's main thread its socket buffers, some 100 MB per run, set off
 * a major GC of the bench's whole heap (Playwright, the mailboxes) every few hundred ms: CPU
 * taken from the client being timed on a two-core machine. A worker has a heap of its own, a
 * small one. The byte counts come back through shared memory, so bytes() stays synchronous;
 * the rest are messages, applied on the worker's next turn.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { LinkDirection, LinkEmulator, LinkEmulatorOptions, LinkProfile } from '../../support/link-emulator.ts';

export type LinkEmulatorRequest =
  | { type: 'setProfile'; profile: LinkProfile }
  | { type: 'cutAll' }
  | { type: 'stall'; ms: number }
  | { type: 'cutAfterBytes'; direction: LinkDirection; n: number }
  | { type: 'close' };

export type LinkEmulatorReply = { type: 'started'; port: number } | { type: 'closed' } | { type: 'failed'; message: string };

export async function startLinkEmulatorThread(options: Omit<LinkEmulatorOptions, 'countInto'>): Promise<LinkEmulator> {
  const counts = new Float64Array(new SharedArrayBuffer(2 * Float64Array.BYTES_PER_ELEMENT));
  // A worker does not inherit tsx's loader: register it there before the TypeScript entry.
  const entry = new URL('./link-emulator-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { options, counts } });
  const reply = () => once(worker, 'message').then(([message]) => message as LinkEmulatorReply);
  const started = await Promise.race([reply(), once(worker, 'error').then(([error]) => ({ type: 'failed', message: String(error) }) as const)]);
  if (started.type !== 'started') {
    await worker.terminate();
    throw new Error(`link emulator thread: ${started.type === 'failed' ? started.message : 'unexpected reply'}`);
  }
  const send = (request: LinkEmulatorRequest) => worker.postMessage(request);
  return {
    port: started.port,
    setProfile: (profile) => send({ type: 'setProfile', profile }),
    cutAll: () => send({ type: 'cutAll' }),
    stall: (ms) => send({ type: 'stall', ms }),
    cutAfterBytes: (direction, n) => send({ type: 'cutAfterBytes', direction, n }),
    bytes: () => ({ up: counts[0]!, down: counts[1]! }),
    close: async () => {
      const closed = reply();
      send({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
}
