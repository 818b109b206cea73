import { defineErrorLayer } from '../errors/index.ts';
import { TLS_ERROR_CODES } from './error-codes.ts';

/** An error of the browser's own TLS, with a stable code from TLS_ERROR_CODES. */
export class TlsError extends defineErrorLayer('TlsError', TLS_ERROR_CODES).Error {}
