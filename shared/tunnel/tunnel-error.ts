import { TUNNEL_ERROR_CODES, type TunnelErrorCode } from './error-codes.ts';

/** An error in the tunnel layer, with a stable code from TUNNEL_ERROR_CODES. */
export class TunnelError extends Error {
  readonly code: TunnelErrorCode;
  readonly side: 'local' | 'remote';

  constructor(code: TunnelErrorCode, message: string = TUNNEL_ERROR_CODES[code].summary) {
    super(message);
    this.name = 'TunnelError';
    this.code = code;
    this.side = TUNNEL_ERROR_CODES[code].side;
  }
}
