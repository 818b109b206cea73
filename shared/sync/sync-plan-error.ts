import { SYNC_ERROR_CODES, type SyncErrorCode } from './error-codes.ts';

/** An error from the sync planner, with a stable code from SYNC_ERROR_CODES. */
export class SyncPlanError extends Error {
  readonly code: SyncErrorCode;
  readonly side: 'local' | 'remote';

  constructor(code: SyncErrorCode, message: string = SYNC_ERROR_CODES[code].summary) {
    super(message);
    this.name = 'SyncPlanError';
    this.code = code;
    this.side = SYNC_ERROR_CODES[code].side;
  }
}
