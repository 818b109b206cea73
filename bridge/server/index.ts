export { isOriginAllowed } from './origin-check.ts';
export { ConnectionLimiter } from './connection-limiter.ts';
export { clientAddress, requestScheme } from './client-address.ts';
export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security-headers.ts';
export { contentTypeFor } from './content-types.ts';
export { StaticFiles } from './static-files.ts';
export { TunnelSession, type TunnelSessionOptions } from './tunnel-session.ts';
export { startBridge, type RunningBridge, type StartBridgeOptions } from './start-bridge.ts';
