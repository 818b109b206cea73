export * from './protocol.ts';
export * from './error-codes.ts';
export * from './tunnel-error.ts';
export * from './retained-bytes.ts';
export * from './backoff.ts';
export * from './websocket-like.ts';
export * from './byte-inbox.ts';
export * from './resumable-tunnel-client.ts';
