// The reader's error codes; the UI picks its wording from the code (DESIGN "Errors").
export const READER_ERROR_CODES = {
  READER_ERR_NOT_FOUND: 'The message is not stored here (it may have been deleted).',
  READER_ERR_NO_BODY: 'The message is listed but its bytes are missing from storage.',
  READER_ERR_PARSE: 'The message could not be parsed as MIME.',
  READER_ERR_STORAGE: 'Reading or updating the message in IndexedDB failed.',
} as const;

export type ReaderErrorCode = keyof typeof READER_ERROR_CODES;

/** What the reader shows for each code. */
export const READER_ERROR_WORDING: Record<ReaderErrorCode, string> = {
  READER_ERR_NOT_FOUND: 'This message is no longer stored in this browser.',
  READER_ERR_NO_BODY: 'This message’s content is missing. Syncing again will fetch it.',
  READER_ERR_PARSE: 'This message could not be read; it may be malformed.',
  READER_ERR_STORAGE: 'The browser’s storage did not respond. Try again in a moment.',
};

export class ReaderError extends Error {
  constructor(readonly code: ReaderErrorCode, options?: ErrorOptions) {
    super(READER_ERROR_CODES[code], options);
    this.name = 'ReaderError';
  }
}
