export { describeError, shouldWaitBeforeRetry, GENERIC_ERROR_SENTENCE } from './describe-error.ts';
export { formatBytes, formatSince } from './format.ts';
export { LastSynced } from './last-synced.svelte.ts';
