import type { TargetInfo } from '../../../../shared/tunnel/index.ts';
import type { TargetsErrorCode } from './error-codes.ts';
import { fetchTargets } from './fetch-targets.ts';

export type TargetsStatus = 'loading' | 'loaded' | 'failed';

/** The mail servers the bridge offers, as reactive state for the account form and the shell. */
export class BridgeTargets {
  #status = $state<TargetsStatus>('loading');
  #targets = $state.raw<readonly TargetInfo[]>([]);
  #error = $state<TargetsErrorCode | null>(null);
  #bridgeReachable = $state<boolean | null>(null);
  #fetch: typeof fetch;
  #inFlight: AbortController | null = null;

  constructor(fetchFn: typeof fetch = (input, init) => fetch(input, init)) {
    this.#fetch = fetchFn;
  }

  get status(): TargetsStatus {
    return this.#status;
  }

  get targets(): readonly TargetInfo[] {
    return this.#targets;
  }

  get error(): TargetsErrorCode | null {
    return this.#error;
  }

  /** Whether the bridge answered the last request at all (any HTTP answer counts); null until then. */
  get bridgeReachable(): boolean | null {
    return this.#bridgeReachable;
  }

  /** Loads the list again; an older request still running is abandoned, so the newest wins. */
  async load(): Promise<void> {
    this.#inFlight?.abort();
    const controller = new AbortController();
    this.#inFlight = controller;
    this.#status = 'loading';
    const result = await fetchTargets(this.#fetch, controller.signal);
    if (controller.signal.aborted) return;
    this.#inFlight = null;
    this.#bridgeReachable = result.ok || result.code !== 'TARGETS_ERR_NETWORK';
    if (result.ok) {
      this.#targets = result.targets;
      this.#error = null;
      this.#status = 'loaded';
    } else {
      // Keep the last good list: a flaky link should not make known targets vanish.
      this.#error = result.code;
      this.#status = 'failed';
    }
  }
}
