export { connectUpstream } from './connect-upstream.ts';
export { EndToEndGate } from './end-to-end-gate.ts';
