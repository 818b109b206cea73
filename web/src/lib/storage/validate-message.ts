// Checks a message before it is written. IndexedDB would store most of these mistakes
// silently; a NaN date, for one, keeps the record out of every date index, so it would be
// stored yet never listed: lost to the user.
import type { MessageRecord, RawMessage } from './schema.ts';
import { StorageError } from './storage-error.ts';

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

export function validateMessage(record: MessageRecord, raw: RawMessage): void {
  const problems: string[] = [];
  if (!isText(record.accountId)) problems.push('accountId');
  if (!isText(record.uid)) problems.push('uid');
  if (!Number.isFinite(record.date)) problems.push('date');
  if (!isCount(record.size)) problems.push('size');
  if (!Number.isFinite(record.storedAt)) problems.push('storedAt');
  if (record.state !== 'header' && record.state !== 'complete') problems.push('state');
  if (typeof record.deletedLocally !== 'boolean') problems.push('deletedLocally');
  if (typeof record.flags?.seen !== 'boolean') problems.push('flags.seen');
  if (!Array.isArray(record.to) || !Array.isArray(record.cc) || !Array.isArray(record.attachments)) problems.push('to/cc/attachments');
  const rawSize = raw instanceof Uint8Array ? raw.byteLength : typeof Blob !== 'undefined' && raw instanceof Blob ? raw.size : null;
  if (rawSize === null) problems.push('raw');
  // DESIGN.md invariant 1, checked where it is written as well as in sync: a body marked complete has
  // exactly the octets LIST gave, or the planner could later DELE a truncated copy.
  else if (record.state === 'complete' && rawSize !== record.size) problems.push('size (raw has a different length)');
  if (problems.length > 0) throw new StorageError('STORAGE_ERR_INVALID_RECORD', `Message not stored; bad fields: ${problems.join(', ')}.`);
}
