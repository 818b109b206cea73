// Accounts: who, where, which policy. Never a password or token (DESIGN.md invariant 6): the stored
// record is rebuilt from known fields, and a credential-looking field is refused loudly so a
// form object passed whole is caught in tests rather than quietly persisted.
import type { SatchelDatabase } from './open-database.ts';
import { runReadWrite } from './run-transaction.ts';
import type { AccountRecord } from './schema.ts';
import { StorageError } from './storage-error.ts';

const CREDENTIAL_FIELD = /pass|secret|token|credential/i;

export async function putAccount(db: SatchelDatabase, account: AccountRecord): Promise<void> {
  if (Object.keys(account).some((key) => CREDENTIAL_FIELD.test(key))) throw new StorageError('STORAGE_ERR_CREDENTIAL_FIELD');
  if (typeof account.id !== 'string' || account.id.length === 0) throw new StorageError('STORAGE_ERR_INVALID_RECORD', 'An account needs an id.');
  const { id, displayName, targetName, userName, authMethod, policy, endToEndHost } = account;
  await runReadWrite(db, ['accounts'], {}, async (tx) => {
    await tx.objectStore('accounts').put({ id, displayName, targetName, userName, authMethod, policy, ...(endToEndHost === undefined ? {} : { endToEndHost }) });
  });
}

export function getAccount(db: SatchelDatabase, id: string): Promise<AccountRecord | undefined> {
  return db.get('accounts', id);
}

export function listAccounts(db: SatchelDatabase): Promise<AccountRecord[]> {
  return db.getAll('accounts');
}
