/**
 * Codes the sync run adds to those of the layers it drives (POP3_ERR_*, TUNNEL_ERR_*,
 * SYNC_ERR_* from shared/sync, STORAGE_ERR_*), which pass through unchanged. Same table shape.
 * SYNC_ERR_MESSAGE_* never end a sync: they are recorded on the one message (DESIGN.md invariant 9).
 */
import type { ErrorCodeTable } from '../../../../shared/errors/index.ts';

export const SYNC_RUN_ERROR_CODES = {
  SYNC_ERR_CANCELLED: { side: 'local', summary: 'The user or the app cancelled the sync; what was already committed stays.' },
  SYNC_ERR_ALREADY_RUNNING: { side: 'local', summary: 'A sync of this account is already running.' },
  SYNC_ERR_WORKER: { side: 'local', summary: 'The sync worker failed to start or crashed.' },
  SYNC_ERR_INTERNAL: { side: 'local', summary: 'An unexpected error in the sync engine (a bug).' },
  SYNC_ERR_PIPELINING_STALLED: { side: 'remote', summary: 'The server listed PIPELINING, left pipelined commands unanswered (pipelineSilenceMs) and then answered a NOOP probe: it drops pipelined commands. The sync starts over at once, one command at a time, and the account stays so for a week; it ends a sync only if that restart cannot begin.' },
  SYNC_ERR_MESSAGE_UNREADABLE: { side: 'remote', summary: "postal-mime could not parse a message (broken MIME, headers over 64 KiB): it is stored whole with what its raw header gives, the code in its metadataIssue; the sync goes on." },
  SYNC_ERR_MESSAGE_BUDGET: { side: 'remote', summary: "Reading a message's metadata took more than its time budget: it is stored whole with what its raw header gives, the code in its metadataIssue; the sync goes on." },
} as const satisfies ErrorCodeTable;

export type SyncRunErrorCode = keyof typeof SYNC_RUN_ERROR_CODES;

const LAYER_CODE = /^(POP3|TUNNEL|TLS|SYNC|STORAGE)_ERR_[A-Z0-9_]+$/;

/** A failed sync as data: a stable code and a message for logs, never for UI wording. */
export class SyncFailure extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'SyncFailure';
    this.code = code;
  }
}

/** Maps anything thrown during a sync to a SyncFailure with a stable code. */
export function toSyncFailure(error: unknown, cancelled: boolean): SyncFailure {
  if (error instanceof SyncFailure) return error;
  if (cancelled) return new SyncFailure('SYNC_ERR_CANCELLED', SYNC_RUN_ERROR_CODES.SYNC_ERR_CANCELLED.summary);
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && LAYER_CODE.test(code)) return new SyncFailure(code, message);
  return new SyncFailure('SYNC_ERR_INTERNAL', message);
}
