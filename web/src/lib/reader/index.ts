export { default as MessageReader } from './MessageReader.svelte';
export { sanitizeMessageHtml, type SanitizeOptions, type SanitizedHtml } from './sanitize-message-html.ts';
export { buildFrameDocument, frameContentSecurityPolicy } from './frame-document.ts';
export { linkify, type TextSegment } from './linkify.ts';
export { parseMessage, type ParsedMessage, type ReaderAttachment, type ReaderAddress } from '../message/parse-message.ts';
export { ReaderMessage } from './reader-message.svelte.ts';
export { READER_ERROR_CODES, READER_ERROR_WORDING, ReaderError, type ReaderErrorCode } from './error-codes.ts';
