// Starts the work for one opened message in its own Worker (or in the page where Workers do
// not exist, as in unit tests) and hands each step to `onEvent`. cancel() ends the Worker:
// a message the user has left costs nothing more, and its late replies never arrive.
import type { FromMessageWorker, ToMessageWorker } from './message-worker-protocol.ts';
import type { MessageJobRun } from './run-message-job.ts';
import type { RawMessage } from '../storage/index.ts';

export interface MessageJob {
  boundAnyway(): void;
  cancel(): void;
}

export type CreateMessageWorker = () => Worker;

const moduleWorker = (): Worker => new Worker(new URL('./message-worker.ts', import.meta.url), { type: 'module' });

// One Worker kept ready: starting one (fetching and evaluating postal-mime and parse5) took
// 100-200 ms of the one second a message has to show, measured on a loaded two-core machine.
// The next spare is started a little later, so it does not compete with the message opening now.
const SPARE_DELAY_MS = 1_000;
let spare: Worker | null = null;
let spareTimer: ReturnType<typeof setTimeout> | null = null;

function prepareSpare(): void {
  if (spareTimer !== null) clearTimeout(spareTimer);
  spareTimer = setTimeout(() => {
    spareTimer = null;
    spare ??= moduleWorker();
  }, SPARE_DELAY_MS);
}

function takeWarmWorker(): Worker {
  const worker = spare ?? moduleWorker();
  spare = null;
  prepareSpare();
  return worker;
}

const defaultWorker: CreateMessageWorker | null = typeof Worker === 'undefined' ? null : takeWarmWorker;
// The first spare starts at once: this module arrives with the reader's chunk, which the
// workspace fetches ahead of the first open (shell/lazy-views.ts), and a click may follow soon.
if (defaultWorker !== null) spare = moduleWorker();

export function startMessageJob(raw: RawMessage, onEvent: (event: FromMessageWorker) => void, createWorker: CreateMessageWorker | null = defaultWorker): MessageJob {
  let cancelled = false;
  let parsed = false;
  const deliver = (event: FromMessageWorker) => {
    if (cancelled) return;
    if (event.type === 'parsed') parsed = true;
    onEvent(event);
  };
  // Imported only when needed: run-message-job pulls in postal-mime and parse5, which belong in
  // the Worker and must stay out of the page's first load.
  const inPage = (): MessageJob => {
    let run: MessageJobRun | null = null;
    let boundAsked = false;
    import('./run-message-job.ts').then(
      ({ runMessageJob }) => {
        if (cancelled) return;
        run = runMessageJob(raw, deliver);
        if (boundAsked) run.boundAnyway();
      },
      (error: unknown) => deliver({ type: 'failed', stage: 'parse', detail: String(error) }),
    );
    return {
      boundAnyway: () => {
        if (run === null) boundAsked = true;
        else run.boundAnyway();
      },
      cancel: () => (cancelled = true),
    };
  };
  if (createWorker === null) return inPage();
  let worker: Worker;
  try {
    worker = createWorker();
  } catch {
    // No Worker to be had (a CSP or a browser that refuses it): reading the message in the
    // page can hold the UI thread, but it still opens.
    return inPage();
  }
  let fallback: MessageJob | null = null;
  const send = (message: ToMessageWorker): void => {
    if (fallback === null) worker.postMessage(message);
    else if (message.type === 'bound-html') fallback.boundAnyway();
  };
  worker.onmessage = (event: MessageEvent<FromMessageWorker>) => deliver(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    worker.terminate();
    // Its script did not load or died before parsing: the same work in the page, as above.
    if (!parsed) fallback = inPage();
    else deliver({ type: 'failed', stage: 'bound', detail: event.message });
  };
  // Copied, not transferred: the page keeps the bytes in case the Worker fails and it must parse them.
  send({ type: 'open', raw });
  return {
    boundAnyway: () => send({ type: 'bound-html' }),
    cancel: () => {
      cancelled = true;
      worker.terminate();
    },
  };
}
