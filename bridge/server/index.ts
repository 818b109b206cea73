export { CONTENT_SECURITY_POLICY } from './security-headers.ts';
export { CompressionPolicy, type SendBacklog } from './compression-policy.ts';
export { startBridge, type RunningBridge } from './start-bridge.ts';
export { ResumeRegistry, type ResumableSession } from './resume-registry.ts';
export { ResumeFailureLimiter } from './resume-failure-limiter.ts';
export { issueResumeToken, resumeTokenMatches } from './resume-token.ts';
export { RetainedBudget, RETAINED_FLOOR_BYTES } from './retained-budget.ts';
export { browserAddress } from './browser-address.ts';
