export * from './protocol.ts';
export * from './error-codes.ts';
export * from './tunnel-error.ts';
