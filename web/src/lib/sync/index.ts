// The sync engine's public face. The Worker entry (sync-worker.ts) is loaded by URL, not imported.
export * from './sync-messages.ts';
export { runSync, type RunSyncOptions, type SyncUpdate } from './engine/run-sync.ts';
export { extractMetadata, type MessageMetadata } from '../message/message-metadata.ts';
export { SYNC_RUN_ERROR_CODES, SyncFailure, type SyncRunErrorCode } from './sync-error-codes.ts';
export { retryDecision, backoffDelay, type BackoffOptions, type RetryDecision } from './retry-policy.ts';
export { SyncController, type SyncControllerOptions, type SyncError, type StoredListener } from './sync-controller.svelte.ts';
export { SyncScheduler, type SyncSchedulerOptions, type AccountWait } from './sync-scheduler.svelte.ts';
