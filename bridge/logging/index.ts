export { BridgeLogger } from './bridge-logger.ts';
export type { LogEntry, LogSink } from './log-entry.ts';
export { redactLogEntry } from './redact-log-entry.ts';
