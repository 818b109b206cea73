import { defineErrorLayer } from '../errors/index.ts';
import { TUNNEL_ERROR_CODES } from './error-codes.ts';

/** An error in the tunnel layer, with a stable code from TUNNEL_ERROR_CODES. */
export class TunnelError extends defineErrorLayer('TunnelError', TUNNEL_ERROR_CODES).Error {}
