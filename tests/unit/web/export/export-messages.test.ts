import { describe, expect, it } from 'vitest';
import { exportEml, exportMbox, fileNameFor } from '../../../../web/src/lib/export/export-messages.ts';
import { commitMessage } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh } from '../storage/storage-fixtures.ts';

const raw = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('exportMbox', () => {
  it('writes every stored message of the account, newest first, and leaves deleted ones out', async () => {
    const db = await openFresh();
    const older = 'Subject: old\r\n\r\nFrom me\r\n';
    const newer = 'Subject: new\r\n\r\nhi\r\n';
    await commitMessage(db, message('1', { raw: raw(older), size: older.length, date: Date.UTC(2024, 0, 1) }));
    await commitMessage(db, message('2', { raw: raw(newer), size: newer.length, date: Date.UTC(2025, 0, 1) }));
    await commitMessage(db, message('3', { raw: raw('gone'), size: 4, deletedLocally: true }));
    await commitMessage(db, message('4', { accountId: 'other', raw: raw('else'), size: 4 }));
    const file = await (await exportMbox(db, 'acct-1')).text();
    expect(file.split('\n').filter((line) => line.startsWith('From '))).toEqual([
      'From ada@example.org Wed Jan  1 00:00:00 2025',
      'From ada@example.org Mon Jan  1 00:00:00 2024',
    ]);
    expect(file).toContain('\n>From me\n');
    expect(file).not.toContain('gone');
    expect(file).not.toContain('else');
    db.close();
  });

  it('includes every account when no account is given', async () => {
    const db = await openFresh();
    await commitMessage(db, message('1'));
    await commitMessage(db, message('1', { accountId: 'other' }));
    const file = await (await exportMbox(db, null)).text();
    expect(file.match(/^From /gm)).toHaveLength(2);
    db.close();
  });
});

describe('exportEml', () => {
  it('gives the stored bytes unchanged, or undefined for an unknown message', async () => {
    const db = await openFresh();
    const text = 'Subject: x\r\n\r\nbody\r\n';
    await commitMessage(db, message('1', { raw: raw(text), size: text.length }));
    expect(await (await exportEml(db, 'acct-1', '1'))!.text()).toBe(text);
    expect(await exportEml(db, 'acct-1', 'nope')).toBeUndefined();
    db.close();
  });
});

describe('fileNameFor', () => {
  it('keeps path separators and control characters out of the file name', () => {
    expect(fileNameFor('Re: a/b\\c\n', 'eml')).toBe('Re a b c.eml');
    expect(fileNameFor('', 'mbox')).toBe('message.mbox');
  });

  it('leaves bidi controls out, so the name cannot disguise its extension', () => {
    expect(fileNameFor('Report \u202Elme.exe', 'eml')).toBe('Report lme.exe.eml');
  });
});
