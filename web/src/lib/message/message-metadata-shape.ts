// What every reader of a message's header gives the inbox: extractMetadata (postal-mime),
// quickMetadata and fallbackMetadata. Its own file so the fallback, which message-metadata.ts
// calls, need not import the file that calls it.
import type { AttachmentInfo, MailAddress } from '../storage/index.ts';

export interface MessageMetadata {
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  /** Epoch ms: the Date header, else fallbackDate. Always finite (storage indexes it). */
  date: number;
  snippet: string;
  attachments: AttachmentInfo[];
  /** Message-ID without its angle brackets, or null (thread-headers.ts). */
  messageId: string | null;
  /** The ids it replies to, oldest first: References, then In-Reply-To (thread-headers.ts). */
  references: string[];
  /** Why the metadata is only what the raw header gives, when it is (a SYNC_ERR_MESSAGE_* code). */
  metadataIssue?: MessageMetadataIssue;
}

type MessageMetadataIssue = 'SYNC_ERR_MESSAGE_UNREADABLE' | 'SYNC_ERR_MESSAGE_BUDGET';
