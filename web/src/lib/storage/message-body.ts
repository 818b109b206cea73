import type { SatchelDatabase } from './open-database.ts';
import type { RawMessage } from './schema.ts';

/** The stored bytes of one message (whole, or TOP n output while its state is 'header'). */
export async function getMessageBody(db: SatchelDatabase, accountId: string, uid: string): Promise<RawMessage | undefined> {
  return (await db.get('message-bodies', [accountId, uid]))?.raw;
}
