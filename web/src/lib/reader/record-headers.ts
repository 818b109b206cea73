// The headers the reader shows the moment a message opens, before its Worker has parsed it:
// those the sync stored with it (the list shows the same). The parsed ones replace them.
import type { ParsedMessage } from '../message/parse-message.ts';
import type { MessageRecord } from '../storage/index.ts';

export type ShownHeaders = Pick<ParsedMessage, 'subject' | 'from' | 'to' | 'cc' | 'date'>;

export function recordHeaders(record: MessageRecord): ShownHeaders {
  return { subject: record.subject, from: record.from === null ? [] : [record.from], to: record.to, cc: record.cc, date: new Date(record.date) };
}
