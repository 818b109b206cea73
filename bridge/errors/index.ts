export { BRIDGE_ERROR_CODES } from './bridge-error-codes.ts';
export { BridgeError } from './bridge-error.ts';
