import type { Pop3CommandName } from './commands.ts';
import type { Pop3ErrorCode } from './error-codes.ts';
import { Pop3Error } from './pop3-error.ts';

/**
 * The server answered -ERR. Thrown by Pop3Session; the state machine itself reports -ERR as
 * a `negative` event, because -ERR is a normal answer, not a protocol failure.
 */
export class Pop3NegativeResponseError extends Pop3Error {
  readonly command: Pop3CommandName;
  readonly respCode: string | null;

  constructor(code: Pop3ErrorCode, command: Pop3CommandName, respCode: string | null, text: string) {
    super(code, `${command} failed: ${text}`);
    this.name = 'Pop3NegativeResponseError';
    this.command = command;
    this.respCode = respCode;
  }
}
