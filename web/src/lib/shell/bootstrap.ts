// Everything the app needs before it can show mail: the mail DB (opened once, passed down),
// the password vault (optional: without IndexedDB or WebCrypto, passwords stay in memory),
// the remembered passwords, and the accounts.
import { AccountDirectory } from '../accounts/account-directory.svelte.ts';
import { CredentialStore } from '../accounts/credential-store.svelte.ts';
import { PasswordVault } from '../accounts/password-vault.ts';
import { storageFlag } from '../accounts/storage-flag.ts';
import type { StorageStatus } from '../settings/storage-status.svelte.ts';
import { openSatchelDB, type SatchelDatabase } from '../storage/open-database.ts';

export interface Workspace {
  db: SatchelDatabase;
  credentials: CredentialStore;
  directory: AccountDirectory;
}

export interface BootstrapOptions {
  storage: StorageStatus;
  /** Another tab upgraded the database; this one closed its connection and must reload. */
  onClosedForUpgrade: () => void;
}

export async function bootstrap({ storage, onClosedForUpgrade }: BootstrapOptions): Promise<Workspace> {
  // Both databases open at once: on a cold start the mail DB does not wait for the vault.
  const [db, vault] = await Promise.all([
    openSatchelDB({ onClosedForUpgrade }),
    // No vault here (insecure context, private mode): "remember" is offered as unavailable.
    PasswordVault.open().catch(() => null),
  ]);
  const credentials = new CredentialStore(vault);
  // A vault that cannot be read costs the remembered passwords, not the app.
  await credentials.restore().catch(() => undefined);
  const directory = new AccountDirectory(db, credentials, {
    demoDismissed: storageFlag('satchel.demo-dismissed'),
    // DESIGN.md invariant 2: ask for persistence as soon as there is mail to lose.
    onFirstAccount: () => void storage.requestPersist(),
  });
  await directory.load();
  return { db, credentials, directory };
}
