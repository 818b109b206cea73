// Views the first screen does not show, each in its own chunk, fetched on first use so a first
// visit stays within its budget (web/build/first-visit-budget-plugin.ts). The service worker
// precaches every chunk, so they load offline too. The reader's chunk holds DOMPurify; the
// message Worker holds postal-mime and parse5.
export const loadMessageReader = () => import('../reader/MessageReader.svelte');
export const loadSettingsView = () => import('../settings/SettingsView.svelte');
export const loadAccountForm = () => import('../accounts/AccountForm.svelte');
export const loadRemoveAccountDialog = () => import('../accounts/RemoveAccountDialog.svelte');
