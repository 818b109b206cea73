// Whether the shortcut help sheet is open, and where focus returns when it closes.
import { tick } from 'svelte';

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
    // Once the modal dialog is gone: while it is open, the rest of the page is inert.
    const returnTo = this.#returnTo;
    this.#returnTo = null;
    void tick().then(() => returnTo?.focus());
  }
}
