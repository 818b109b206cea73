import { BRIDGE_ERROR_CODES, type BridgeErrorCode } from './bridge-error-codes.ts';

/** A startup or configuration failure of the bridge, with a stable code. */
export class BridgeError extends Error {
  readonly code: BridgeErrorCode;

  constructor(code: BridgeErrorCode, message: string = BRIDGE_ERROR_CODES[code].summary, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BridgeError';
    this.code = code;
  }
}
