// The reader's errors: its table of codes, same shape as every layer's (DESIGN.md "Errors"),
// its wording, and its error class.
import { defineErrorLayer, type ErrorCodeTable } from '../../../../shared/errors/index.ts';

/** `local`: this browser's storage lost or never had what the record promises. `remote`: the message itself is broken. */
export const READER_ERROR_CODES = {
  READER_ERR_NOT_FOUND: { side: 'local', summary: 'The message is not stored here (it may have been deleted).' },
  READER_ERR_NO_BODY: { side: 'local', summary: 'The message is listed but its bytes are missing from storage.' },
  READER_ERR_PARSE: { side: 'remote', summary: 'The message could not be parsed as MIME.' },
  READER_ERR_STORAGE: { side: 'local', summary: 'Reading or updating the message in IndexedDB failed.' },
} as const satisfies ErrorCodeTable;

export type ReaderErrorCode = keyof typeof READER_ERROR_CODES;

/** What the reader shows for each code. */
export const READER_ERROR_WORDING: Record<ReaderErrorCode, string> = {
  READER_ERR_NOT_FOUND: 'This message is no longer stored in this browser.',
  READER_ERR_NO_BODY: 'This message’s content is missing. Syncing again will fetch it.',
  READER_ERR_PARSE: 'This message could not be read; it may be malformed.',
  READER_ERR_STORAGE: 'The browser’s storage did not respond. Try again in a moment.',
};

const layer = defineErrorLayer('ReaderError', READER_ERROR_CODES);

export class ReaderError extends layer.Error {
  constructor(code: ReaderErrorCode, options?: ErrorOptions) {
    super(code, undefined, options);
  }
}
