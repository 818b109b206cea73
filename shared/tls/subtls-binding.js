// The one import of subtls. Its own index.d.ts pulls in Node's types, which must not leak into
// the Worker's build: subtls-binding.d.ts declares the part Satchel uses instead.
export { startTls, TrustedCert, LazyReadFunctionReadQueue } from 'subtls';
