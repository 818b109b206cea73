export * from './types.ts';
export * from './error-codes.ts';
export * from './sync-plan-error.ts';
export { planSync } from './sync-planner.ts';
export { completeMessage, exactMessage, messageAsServed } from './exact-message.ts';
export { nextFailure, retryAfterMs, retryDue, waitAfter } from './fetch-backoff.ts';
export { messageFingerprint, sameMessage, type MessageFingerprint } from './message-fingerprint.ts';
