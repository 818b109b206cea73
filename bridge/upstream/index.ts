export { connectUpstream, type UpstreamConnection, type UpstreamOptions } from './connect-upstream.ts';
export { negotiateStls, type StlsResult } from './starttls.ts';
export { startUpstreamTls } from './upstream-tls.ts';
