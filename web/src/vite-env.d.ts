/// <reference types="svelte" />
/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/vanillajs" />

/** PEM root certificates for the Worker's end-to-end TLS, generated at build time (web/build/trust-roots-plugin.ts). */
declare module 'virtual:satchel-trust-roots' {
  const pem: string;
  export default pem;
}
