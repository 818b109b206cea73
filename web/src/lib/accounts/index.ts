export { AccountDirectory, type AccountSave, type AccountDirectoryOptions, type Flag } from './account-directory.svelte.ts';
export { CredentialStore } from './credential-store.svelte.ts';
export { PasswordVault, VAULT_DB_NAME } from './password-vault.ts';
export { demoAccountFor, DEMO_ACCOUNT_ID, DEMO_TARGET } from './demo-account.ts';
export { storageFlag } from './storage-flag.ts';
export * from './account-fields.ts';
