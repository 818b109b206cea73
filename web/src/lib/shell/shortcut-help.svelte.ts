// Whether the shortcut help sheet is open, and where focus returns when it closes.
export class ShortcutHelp {
  #open = $state(false);
  #returnTo: HTMLElement | null = null;

  get open(): boolean {
    return this.#open;
  }

  show(): void {
    if (this.#open) return;
    this.#returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.#open = true;
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#returnTo?.focus();
    this.#returnTo = null;
  }
}
