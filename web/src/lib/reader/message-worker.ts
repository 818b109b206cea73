// The reader's message Worker: parses one message and bounds its HTML off the UI thread
// (DESIGN.md invariant 10). One Worker per opened message; the reader terminates it when the
// user opens another, which is how stale work is cancelled.
import { installFreshIso2022JpDecoder } from '../message/fresh-iso-2022-jp-decoder.ts';
import type { FromMessageWorker, ToMessageWorker } from './message-worker-protocol.ts';
import { runMessageJob, type MessageJobRun } from './run-message-job.ts';

installFreshIso2022JpDecoder();

// web/tsconfig has the DOM lib, not WebWorker: name the few parts of the Worker global we use.
interface MessageWorkerScope {
  postMessage(message: FromMessageWorker): void;
  onmessage: ((event: MessageEvent<ToMessageWorker>) => void) | null;
}

const scope = self as unknown as MessageWorkerScope;
let run: MessageJobRun | null = null;

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'open') run = runMessageJob(message.raw, (reply) => scope.postMessage(reply));
  else run?.boundAnyway();
};
