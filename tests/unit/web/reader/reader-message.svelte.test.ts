import { describe, expect, it } from 'vitest';
import { ReaderMessage } from '../../../../web/src/lib/reader/reader-message.svelte.ts';
import { commitMessage, listMessages } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh } from '../storage/storage-fixtures.ts';

const RAW = new TextEncoder().encode('From: Ada <ada@example.org>\r\nTo: me@example.org\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nDate: Wed, 01 Jan 2025 10:00:00 +0000\r\n\r\nHello https://example.org\r\n');

describe('ReaderMessage', () => {
  it('opens a message, parses it and marks it read, reporting the change', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { raw: RAW, size: RAW.byteLength }));
    const reader = new ReaderMessage(db, 'acct-1', 'u1');
    expect(await reader.open()).toBe(true);
    expect(reader.parsed?.subject).toBe('Grüße');
    expect(reader.record?.flags.seen).toBe(true);
    expect((await db.get('messages', ['acct-1', 'u1']))?.flags.seen).toBe(true);
    db.close();
  });

  it('does not report a flag change when the message was already read', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { raw: RAW, size: RAW.byteLength, flags: { seen: true } }));
    expect(await new ReaderMessage(db, 'acct-1', 'u1').open()).toBe(false);
    db.close();
  });

  it('marks a message unread again', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { raw: RAW, size: RAW.byteLength }));
    const reader = new ReaderMessage(db, 'acct-1', 'u1');
    await reader.open();
    await reader.setSeen(false);
    expect(reader.record?.flags.seen).toBe(false);
    expect((await db.get('messages', ['acct-1', 'u1']))?.flags.seen).toBe(false);
    db.close();
  });

  it('deletes here: the message leaves the inbox listing', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { raw: RAW, size: RAW.byteLength }));
    const reader = new ReaderMessage(db, 'acct-1', 'u1');
    await reader.open();
    await reader.deleteHere();
    expect(await listMessages(db, { limit: 10 })).toEqual([]);
    db.close();
  });

  it('reports READER_ERR_NOT_FOUND for a message that is not stored', async () => {
    const db = await openFresh();
    const reader = new ReaderMessage(db, 'acct-1', 'nope');
    expect(await reader.open()).toBe(false);
    expect(reader.errorCode).toBe('READER_ERR_NOT_FOUND');
    expect(reader.loading).toBe(false);
    db.close();
  });

  it('reports READER_ERR_NOT_FOUND for a message deleted here', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { raw: RAW, size: RAW.byteLength, deletedLocally: true }));
    const reader = new ReaderMessage(db, 'acct-1', 'u1');
    await reader.open();
    expect(reader.errorCode).toBe('READER_ERR_NOT_FOUND');
    db.close();
  });
});
