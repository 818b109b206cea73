import { POP3_ERROR_CODES, type Pop3ErrorCode } from './error-codes.ts';

/** An error in the POP3 layer, with a stable code from POP3_ERROR_CODES. */
export class Pop3Error extends Error {
  readonly code: Pop3ErrorCode;
  readonly side: 'local' | 'remote';

  constructor(code: Pop3ErrorCode, message: string = POP3_ERROR_CODES[code].summary) {
    super(message);
    this.name = 'Pop3Error';
    this.code = code;
    this.side = POP3_ERROR_CODES[code].side;
  }
}
