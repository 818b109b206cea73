import { TrustedCert, type RootCertsDatabase } from './subtls-binding.js';

/** Root certificates the browser's TLS accepts, parsed once. */
export interface TrustStore {
  readonly database: RootCertsDatabase;
}

/** Parses PEM root certificates (the store shipped with the app, or a test's CA). */
export async function createTrustStore(pem: string): Promise<TrustStore> {
  return { database: await TrustedCert.databaseFromPEM(pem) };
}
