/**
 * Whether Satchel's server (the bridge that served this page) answers, asked often enough that
 * the indicator tells the truth: every `everyMs` (15 s) while it answers, every `retryMs` once it does
 * not, so its return shows within seconds; and at once when the browser comes back online or
 * the tab is shown again. `navigator.onLine` cannot tell this: it is true on any network.
 */
export interface ServerReachabilityOptions {
  fetch?: typeof fetch;
  /** @default 15 s */
  everyMs?: number;
  /** @default 5 s */
  retryMs?: number;
  /** A probe with no answer by then counts as no answer. @default 5 s */
  timeoutMs?: number;
}

/** Small, uncached, and answered by the bridge itself (not by the service worker's cache). */
const PROBE_PATH = '/healthz';

export class ServerReachability {
  #reachable = $state<boolean | null>(null);
  readonly #fetch: typeof fetch;
  readonly #everyMs: number;
  readonly #retryMs: number;
  readonly #timeoutMs: number;
  #probing: Promise<boolean> | null = null;

  constructor(options: ServerReachabilityOptions = {}) {
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#everyMs = options.everyMs ?? 15_000;
    this.#retryMs = options.retryMs ?? 5_000;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
  }

  /** True when the last probe was answered, false when not, null before the first answer. */
  get reachable(): boolean | null {
    return this.#reachable;
  }

  /** Asks now (joining a probe already under way); resolves to the answer. */
  probe(): Promise<boolean> {
    this.#probing ??= this.#ask().then((answered) => {
      this.#probing = null;
      this.#reachable = answered;
      return answered;
    });
    return this.#probing;
  }

  async #ask(): Promise<boolean> {
    try {
      const response = await this.#fetch(PROBE_PATH, { cache: 'no-store', signal: AbortSignal.timeout(this.#timeoutMs) });
      // Read the (tiny) body: Chromium keeps a request whose body is never read open, and
      // the first-visit measure (spec 14) then never sees the network settle.
      await response.arrayBuffer();
      // A proxy in front of a stopped bridge answers 502: that is no answer from Satchel's server.
      return response.ok;
    } catch {
      return false;
    }
  }

  /** Probes now and from then on, as above; call the returned function to stop. */
  watch(target: Window = window): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const run = async (): Promise<void> => {
      clearTimeout(timer);
      const answered = target.navigator.onLine ? await this.probe() : false;
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(() => void run(), answered ? this.#everyMs : this.#retryMs);
    };
    const onvisible = (): void => {
      if (target.document.visibilityState === 'visible') void run();
    };
    const ononline = (): void => void run();
    target.addEventListener('online', ononline);
    target.document.addEventListener('visibilitychange', onvisible);
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
      target.removeEventListener('online', ononline);
      target.document.removeEventListener('visibilitychange', onvisible);
    };
  }
}
