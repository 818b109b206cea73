import { defineErrorLayer } from '../errors/index.ts';
import { SYNC_ERROR_CODES } from './error-codes.ts';

/** An error from the sync planner, with a stable code from SYNC_ERROR_CODES. */
export class SyncPlanError extends defineErrorLayer('SyncPlanError', SYNC_ERROR_CODES).Error {}
