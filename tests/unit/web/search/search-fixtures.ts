// Messages for the search tests: real RFC 5322 bytes (the indexer reads the body text from
// them with postal-mime), committed through the storage layer as the sync commits them.
import { commitMessages, type MessageCommit, type SatchelDatabase } from '../../../../web/src/lib/storage/index.ts';
import { message } from '../storage/storage-fixtures.ts';

export { openFresh } from '../storage/storage-fixtures.ts';

interface Mail {
  from?: string;
  subject?: string;
  body?: string;
  date?: number;
  state?: 'header' | 'complete';
  seen?: boolean;
  storedAt?: number;
  attachment?: boolean;
}

export function mail(uid: string, options: Mail = {}): MessageCommit {
  const from = options.from ?? 'Ada Lovelace <ada@example.org>';
  const subject = options.subject ?? `Subject ${uid}`;
  const body = options.body ?? 'nothing much';
  const raw = new TextEncoder().encode(
    [`From: ${from}`, 'To: Me <me@example.org>', `Subject: ${subject}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', body, ''].join('\r\n'),
  );
  const [name, address] = /^(.*) <(.*)>$/.exec(from)?.slice(1) ?? ['', from];
  return message(uid, {
    from: { name: name ?? '', address: address ?? '' },
    subject,
    date: options.date ?? Date.UTC(2025, 0, 1),
    state: options.state ?? 'complete',
    flags: { seen: options.seen ?? false },
    storedAt: options.storedAt ?? Date.UTC(2025, 0, 2),
    attachments: options.attachment ? [{ filename: 'a.pdf', mimeType: 'application/pdf', size: 10, contentId: null }] : [],
    size: raw.byteLength,
    raw,
  });
}

export async function commit(db: SatchelDatabase, ...commits: MessageCommit[]): Promise<void> {
  await commitMessages(db, commits);
}

export function uids(records: ReadonlyArray<{ uid: string }>): string[] {
  return records.map(({ uid }) => uid);
}
