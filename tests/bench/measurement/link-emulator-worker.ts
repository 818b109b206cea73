/** The worker side of link-emulator-thread.ts: one emulator, driven by messages. */
import { parentPort, workerData } from 'node:worker_threads';
import { startLinkEmulator, type LinkEmulatorOptions } from '../../support/link-emulator.ts';
import type { LinkEmulatorReply, LinkEmulatorRequest } from './link-emulator-thread.ts';

const { options, counts } = workerData as { options: LinkEmulatorOptions; counts: Float64Array };
const reply = (message: LinkEmulatorReply) => parentPort!.postMessage(message);

startLinkEmulator({ ...options, countInto: counts }).then(
  (emulator) => {
    parentPort!.on('message', (request: LinkEmulatorRequest) => {
      switch (request.type) {
        case 'setProfile':
          return emulator.setProfile(request.profile);
        case 'cutAll':
          return emulator.cutAll();
        case 'stall':
          return emulator.stall(request.ms);
        case 'cutAfterBytes':
          return emulator.cutAfterBytes(request.direction, request.n);
        case 'close':
          return void emulator.close().then(() => {
            reply({ type: 'closed' });
            parentPort!.close();
          });
      }
    });
    reply({ type: 'started', port: emulator.port });
  },
  (error: unknown) => reply({ type: 'failed', message: String((error as Error)?.message ?? error) }),
);
