/**
 * Whether the browser believes it has a network at all.
 *
 * `navigator.onLine === false` is reliable: there is no network. `true` only means some
 * interface is up, not that the bridge or the mail server can be reached, so the UI treats it
 * as a hint. The sync worker will refine this with what actually happened on the wire.
 */
export class OnlineStatus {
  #online = $state(true);

  constructor(initial: boolean = typeof navigator === 'undefined' ? true : navigator.onLine) {
    this.#online = initial;
  }

  get online(): boolean {
    return this.#online;
  }

  /** Follows the window's `online`/`offline` events; call the returned function to stop. */
  listen(target: Window = window): () => void {
    const update = (): void => {
      this.#online = target.navigator.onLine;
    };
    target.addEventListener('online', update);
    target.addEventListener('offline', update);
    update();
    return () => {
      target.removeEventListener('online', update);
      target.removeEventListener('offline', update);
    };
  }
}
