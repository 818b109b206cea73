import { Pop3NegativeResponseError } from './errors.ts';
import type { Pop3Event } from './events.ts';

/** A -ERR event as the error Pop3Session throws for it. */
export function negativeResponseError(event: Extract<Pop3Event, { type: 'negative' }>): Pop3NegativeResponseError {
  return new Pop3NegativeResponseError(event.code, event.command, event.respCode, event.text);
}

export function unexpectedEvent(event: Pop3Event): Error {
  // Cannot happen unless Pop3Client has a bug: the event types follow from the command sent.
  return new Error(`unexpected POP3 event ${event.type}`);
}
