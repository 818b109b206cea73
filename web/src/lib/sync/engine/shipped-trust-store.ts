// The root certificates shipped with the app (Node's tls.rootCertificates at build time, by
// web/build/trust-roots-plugin.ts), parsed once per Worker. Loaded only for end-to-end accounts.
import trustRootsPem from 'virtual:satchel-trust-roots';
import { createTrustStore, type TrustStore } from '../../../../../shared/tls/index.ts';

let store: Promise<TrustStore> | null = null;

export function shippedTrustStore(): Promise<TrustStore> {
  store ??= createTrustStore(trustRootsPem).catch((error: unknown) => {
    store = null;
    throw error;
  });
  return store;
}
