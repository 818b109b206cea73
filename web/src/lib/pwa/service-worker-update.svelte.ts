import { registerSW } from 'virtual:pwa-register';

/**
 * The service worker's lifecycle as the user sees it. With registerType 'prompt' a new
 * version waits until the user says so: reloading in the middle of a sync would cut it off.
 */
export class ServiceWorkerUpdate {
  #needRefresh = $state(false);
  #offlineReady = $state(false);
  #error = $state(false);
  #apply: ((reloadPage?: boolean) => Promise<void>) | null = null;

  /** True when a new version is installed and waiting. */
  get needRefresh(): boolean {
    return this.#needRefresh;
  }

  /** True once the app shell is precached, so the app will start with no network. */
  get offlineReady(): boolean {
    return this.#offlineReady;
  }

  /** True when registration failed; the app still runs, but will not start offline. */
  get error(): boolean {
    return this.#error;
  }

  register(): void {
    if (this.#apply !== null || !('serviceWorker' in navigator)) return;
    this.#apply = registerSW({
      onNeedRefresh: () => {
        this.#needRefresh = true;
      },
      onOfflineReady: () => {
        this.#offlineReady = true;
      },
      onRegisterError: () => {
        this.#error = true;
      },
    });
  }

  /** Activates the waiting version and reloads the page. */
  async apply(): Promise<void> {
    await this.#apply?.(true);
  }

  dismiss(): void {
    this.#needRefresh = false;
    this.#offlineReady = false;
  }
}
