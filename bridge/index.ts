export { loadConfig } from './config/index.ts';
export type { LogEntry } from './logging/index.ts';
export type { LookupFn } from './targets/index.ts';
export { startBridge, type RunningBridge } from './server/index.ts';
