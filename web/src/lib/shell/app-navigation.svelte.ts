// Which view the main pane shows, and which message is open. One small state class so the
// sidebar, the list and the reader agree without passing setters around.

export type AppView =
  | { kind: 'inbox'; accountId: string | null }
  | { kind: 'account-form'; accountId: string | null }
  | { kind: 'settings' };

export interface OpenMessage {
  accountId: string;
  uid: string;
}

export class AppNavigation {
  #view = $state.raw<AppView>({ kind: 'inbox', accountId: null });
  #selected = $state.raw<OpenMessage | null>(null);
  /** The inbox shown before the settings: leaving them returns there. */
  #inboxBeforeSettings: string | null = null;

  get view(): AppView {
    return this.#view;
  }

  get selected(): OpenMessage | null {
    return this.#selected;
  }

  /** The inbox shown: null for the unified inbox; undefined when the inbox is not shown. */
  get inboxAccount(): string | null | undefined {
    return this.#view.kind === 'inbox' ? this.#view.accountId : undefined;
  }

  showInbox(accountId: string | null): void {
    // A message from another account does not stay open in this account's view.
    if (accountId !== null && this.#selected !== null && this.#selected.accountId !== accountId) this.#selected = null;
    this.#view = { kind: 'inbox', accountId };
  }

  showAccountForm(accountId: string | null): void {
    this.#view = { kind: 'account-form', accountId };
  }

  showSettings(): void {
    if (this.#view.kind === 'inbox') this.#inboxBeforeSettings = this.#view.accountId;
    this.#view = { kind: 'settings' };
  }

  /** Back from the settings to the inbox shown before them (Escape). */
  leaveSettings(): void {
    this.showInbox(this.#inboxBeforeSettings);
  }

  open(message: OpenMessage): void {
    this.#selected = { accountId: message.accountId, uid: message.uid };
  }

  close(): void {
    this.#selected = null;
  }

  /** After an account is removed: leave any view or message of it. */
  forgetAccount(accountId: string): void {
    if (this.#selected?.accountId === accountId) this.#selected = null;
    if (this.#inboxBeforeSettings === accountId) this.#inboxBeforeSettings = null;
    const view = this.#view;
    if ((view.kind === 'inbox' || view.kind === 'account-form') && view.accountId === accountId) this.#view = { kind: 'inbox', accountId: null };
  }
}
