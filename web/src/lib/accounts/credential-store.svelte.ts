// Passwords for this session. DESIGN.md invariant 6: never in localStorage or sessionStorage, never in
// a URL, never logged; they go only to the sync (and so to the bridge).
//
// The passwords themselves sit in a plain private Map, not in $state: a reactive proxy would
// hand them to anything that inspects state (devtools, snapshots). Only *which* accounts have
// one is reactive, for the "enter your password" prompts.
import type { PasswordVault } from './password-vault.ts';

export class CredentialStore {
  #secrets = new Map<string, string>();
  #available = $state.raw<ReadonlySet<string>>(new Set());
  #remembered = $state.raw<ReadonlySet<string>>(new Set());
  #vault: PasswordVault | null;

  /** Without a vault, nothing can be remembered (no IndexedDB or no WebCrypto here). */
  constructor(vault: PasswordVault | null = null) {
    this.#vault = vault;
  }

  get canRemember(): boolean {
    return this.#vault !== null;
  }

  password(accountId: string): string | null {
    return this.#secrets.get(accountId) ?? null;
  }

  has(accountId: string): boolean {
    return this.#available.has(accountId);
  }

  isRemembered(accountId: string): boolean {
    return this.#remembered.has(accountId);
  }

  /** Loads the passwords remembered on this device into memory; call once at start. */
  async restore(): Promise<void> {
    if (this.#vault === null) return;
    const all = await this.#vault.recallAll();
    for (const [accountId, password] of all) this.#secrets.set(accountId, password);
    this.#available = new Set([...this.#available, ...all.keys()]);
    this.#remembered = new Set(all.keys());
  }

  /**
   * Keeps the password for the session; with `remember`, also sealed in the vault. Without it,
   * any copy remembered earlier is forgotten, so unticking the box really removes it.
   */
  async set(accountId: string, password: string, remember: boolean): Promise<void> {
    this.#secrets.set(accountId, password);
    this.#available = new Set([...this.#available, accountId]);
    await this.setRemember(accountId, remember);
  }

  /** Changes only whether the password in memory is also kept on this device. */
  async setRemember(accountId: string, remember: boolean): Promise<void> {
    const password = this.#secrets.get(accountId);
    if (remember && password !== undefined && this.#vault !== null) {
      await this.#vault.remember(accountId, password);
      this.#remembered = new Set([...this.#remembered, accountId]);
    } else if (!remember) {
      await this.#vault?.forget(accountId);
      this.#remembered = new Set([...this.#remembered].filter((id) => id !== accountId));
    }
  }

  /**
   * Drops the password from this session only, leaving any remembered copy alone: after the
   * server refused it, the scheduler stops trying it until the user types it again.
   */
  clearSession(accountId: string): void {
    this.#secrets.delete(accountId);
    this.#available = new Set([...this.#available].filter((id) => id !== accountId));
  }

  /** Drops the password from memory and from the vault (the account was removed, or the password was wrong). */
  async forget(accountId: string): Promise<void> {
    this.#secrets.delete(accountId);
    this.#available = new Set([...this.#available].filter((id) => id !== accountId));
    await this.setRemember(accountId, false);
  }
}
