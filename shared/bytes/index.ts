export { indexOfByte } from './index-of-byte.ts';
