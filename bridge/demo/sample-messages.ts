import type { SampleMessage } from './sample-envelope.ts';
import { ATTACHMENTS } from './sample-messages-attachments.ts';
import { CORRESPONDENCE } from './sample-messages-correspondence.ts';
import { EDGE_CASES } from './sample-messages-edge-cases.ts';
import { FROM_SATCHEL } from './sample-messages-from-satchel.ts';
import { LANGUAGES } from './sample-messages-languages.ts';

/**
 * The demo mailbox's messages, in mailbox order. They are kept in files by theme; each name
 * starts with its place in the mailbox, so sorting by name restores the order.
 */
export const SAMPLE_MESSAGES: readonly SampleMessage[] = [...FROM_SATCHEL, ...LANGUAGES, ...ATTACHMENTS, ...CORRESPONDENCE, ...EDGE_CASES]
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
