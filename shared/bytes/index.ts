export { indexOfByte } from './index-of-byte.ts';
export { base64Utf8, decodeBase64, encodeBase64, utf8FromBase64 } from './base64-utf8.ts';
export { concatBytes } from './concat-bytes.ts';
