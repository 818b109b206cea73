export { connectUpstream } from './connect-upstream.ts';
