/**
 * Every way loading `GET /targets` from the bridge can fail. The UI picks its wording from the
 * code (see TargetsPanel.svelte), never from a message text. All are `remote`: the network or
 * the bridge, not this page, went wrong.
 */
import type { ErrorCodeTable } from '../../../../shared/errors/index.ts';

export const TARGETS_ERROR_CODES = {
  TARGETS_ERR_NETWORK: { side: 'remote', summary: 'The bridge could not be reached (offline, or the bridge is down).' },
  TARGETS_ERR_HTTP: { side: 'remote', summary: 'The bridge answered /targets with an HTTP error status.' },
  TARGETS_ERR_BAD_RESPONSE: { side: 'remote', summary: 'The bridge answered /targets with something other than a list of targets.' },
} as const satisfies ErrorCodeTable;

export type TargetsErrorCode = keyof typeof TARGETS_ERROR_CODES;
