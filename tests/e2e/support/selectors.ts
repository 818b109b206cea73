/**
 * Every selector the e2e specs use, in one place (like pinafore's tests/utils.js): when the
 * app renames a testid, only this file changes.
 */
import type { FrameLocator, Locator, Page } from '@playwright/test';

const byTestId = (id: string) => `[data-testid="${id}"]`;

export const selectors = {
  // Accounts
  addAccount: byTestId('add-account'),
  accountName: byTestId('account-name'),
  accountTarget: byTestId('account-target'),
  accountUser: byTestId('account-user'),
  accountPassword: byTestId('account-password'),
  accountAuth: byTestId('account-auth'),
  accountRemember: byTestId('account-remember'),
  accountSave: byTestId('account-save'),
  accountItem: byTestId('account-item'),
  /** One radio of the account form's "After download" choice (PolicyFields.svelte). */
  policyRadio: (kind: string) => `input[type="radio"][value="${kind}"]`,
  passwordPrompt: byTestId('password-prompt'),
  // Sync and feedback
  syncNow: byTestId('sync-now'),
  syncProgress: byTestId('sync-progress'),
  syncStatus: byTestId('sync-status'),
  syncError: byTestId('sync-error'),
  onlineStatus: byTestId('online-status'),
  // Settings
  settings: byTestId('settings'),
  storageUsage: byTestId('storage-usage'),
  persistStorage: byTestId('persist-storage'),
  storagePersisted: byTestId('storage-persisted'),
  exportMbox: byTestId('export-mbox'),
  // Inbox and reader
  unifiedInbox: byTestId('unified-inbox'),
  emptyInbox: byTestId('empty-inbox'),
  messageList: byTestId('message-list'),
  messageRow: byTestId('message-row'),
  messageReader: byTestId('message-reader'),
  messageSubject: byTestId('message-subject'),
  messageFrom: byTestId('message-from'),
  messageText: byTestId('message-text'),
  messageFrame: byTestId('message-frame'),
  closeMessage: byTestId('close-message'),
  deleteHere: byTestId('delete-here'),
  showRemoteContent: byTestId('show-remote-content'),
  /** The text shown instead of an HTML body that is too costly to render (HtmlFallback.svelte). */
  htmlFallback: byTestId('html-fallback'),
  showHtmlAnyway: byTestId('show-html-anyway'),
  attachment: byTestId('attachment'),
  attachmentPreview: byTestId('attachment-preview'),
  rowFetchFailure: byTestId('row-fetch-failure'),
  previewOnlyNotice: byTestId('preview-only-notice'),
  downloadFullMessage: byTestId('download-full-message'),
  // Search
  searchInput: byTestId('search-input'),
  searchStatus: byTestId('search-status'),
  rowSnippet: byTestId('row-snippet'),
  rowSender: byTestId('row-sender'),
  toggleSeen: byTestId('toggle-seen'),
  exportEml: byTestId('export-eml'),
  addressLink: byTestId('address-link'),
  bodyFormatText: byTestId('body-format-text'),
  undoToast: byTestId('undo-toast'),
  undoDelete: byTestId('undo-delete'),
} as const;

export const messageRows = (page: Page): Locator => page.locator(selectors.messageRow);
/** A CSS attribute value in double quotes (UIDLs are printable ASCII, RFC 1939 §7, so may hold `"` or `\\`). */
const quoted = (value: string) => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
export const messageRowByUid = (page: Page, uid: string): Locator => page.locator(`${selectors.messageRow}[data-uid=${quoted(uid)}]`);
export const messageFrame = (page: Page): FrameLocator => page.frameLocator(selectors.messageFrame);
