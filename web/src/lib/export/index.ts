export { exportMbox, exportEml, fileNameFor } from './export-messages.ts';
export { downloadBlob } from './download-blob.ts';
export { mboxParts, mboxrdQuote, mboxFromLine, type MboxEntry } from './mboxrd.ts';
