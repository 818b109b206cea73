import { defineErrorLayer } from '../../shared/errors/index.ts';
import { BRIDGE_ERROR_CODES } from './bridge-error-codes.ts';

/** A startup or configuration failure of the bridge, with a stable code. */
export class BridgeError extends defineErrorLayer('BridgeError', BRIDGE_ERROR_CODES).Error {}
