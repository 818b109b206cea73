import type { SatchelDatabase } from './open-database.ts';
import type { RawMessage } from './schema.ts';

/**
 * The stored bytes of one message: the whole message, or while its state is 'header' the TOP n
 * output (in the record since `preview`, in message-bodies before). One transaction, so a sync
 * that completes the message in between cannot leave neither.
 */
export async function getMessageBody(db: SatchelDatabase, accountId: string, uid: string): Promise<RawMessage | undefined> {
  const tx = db.transaction(['messages', 'message-bodies'], 'readonly');
  const [record, body] = await Promise.all([tx.objectStore('messages').get([accountId, uid]), tx.objectStore('message-bodies').get([accountId, uid])]);
  if (record?.state === 'header' && record.preview !== undefined) return record.preview;
  return body?.raw;
}
