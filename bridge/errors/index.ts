export { BRIDGE_ERROR_CODES, type BridgeErrorCode } from './bridge-error-codes.ts';
export { BridgeError } from './bridge-error.ts';
