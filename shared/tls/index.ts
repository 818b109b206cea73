export * from './error-codes.ts';
export { TlsError } from './tls-error.ts';
export { createTrustStore, type TrustStore } from './trust-store.ts';
export { endToEndChannel } from './end-to-end-channel.ts';
