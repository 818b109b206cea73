import { describe, expect, it } from 'vitest';
import { bridgeReadsMailNote, fieldsFrom, toAccountRecord, validateFields, type AccountFields } from '../../../../web/src/lib/accounts/account-fields.ts';
import type { AccountRecord } from '../../../../web/src/lib/storage/index.ts';

const targets = [{ name: 'work', label: 'Work', tls: 'implicit' }] as const;
const filled: AccountFields = { ...fieldsFrom(null, targets, false), displayName: ' Work ', userName: ' ada ', password: 'pw' };

describe('account fields', () => {
  it('start a new account on the first target, USER/PASS, leaving mail on the server', () => {
    expect(fieldsFrom(null, targets, false)).toMatchObject({ targetName: 'work', authMethod: 'user-pass', policyKind: 'leave', password: '', remember: false });
  });

  it('start an edit from the stored record, with an empty password field', () => {
    const record: AccountRecord = { id: 'a', displayName: 'A', targetName: 'work', userName: 'u', authMethod: 'apop', policy: { kind: 'delete-after-days', days: 7 } };
    expect(fieldsFrom(record, targets, true)).toMatchObject({ displayName: 'A', authMethod: 'apop', policyKind: 'delete-after-days', policyDays: 7, password: '', remember: true });
  });

  it('ask a new account for a name, a user name and a password', () => {
    const errors = validateFields(fieldsFrom(null, targets, false), true);
    expect(Object.keys(errors).sort()).toEqual(['displayName', 'password', 'userName']);
  });

  it('let an edit keep the held password by leaving the field empty', () => {
    expect(validateFields({ ...filled, password: '' }, false)).toEqual({});
  });

  it('refuse line breaks in the user name or password, which would split a POP3 command', () => {
    expect(validateFields({ ...filled, userName: 'a\r\nDELE 1' }, true).userName).toBeDefined();
    expect(validateFields({ ...filled, password: 'x\nQUIT' }, true).password).toBeDefined();
  });

  it('refuse a day count that is not a whole number from 1 to 3650', () => {
    for (const days of [0, 1.5, Number.NaN, 4000]) {
      expect(validateFields({ ...filled, policyKind: 'delete-after-days', policyDays: days }, true).policyDays).toBeDefined();
    }
  });

  it('become a trimmed record with no password in it', () => {
    const record = toAccountRecord({ ...filled, policyKind: 'delete-after-days', policyDays: 30 }, 'id-1');
    expect(record).toEqual({ id: 'id-1', displayName: 'Work', targetName: 'work', userName: 'ada', authMethod: 'user-pass', policy: { kind: 'delete-after-days', days: 30 } });
    expect(JSON.stringify(record)).not.toContain('pw');
  });

  it('pin an end-to-end target\'s host name in the record, and keep it while the bridge no longer lists the target', () => {
    const e2e = { name: 'work', label: 'Work', tls: 'implicit', endToEnd: { host: 'pop.example.org' } } as const;
    const record = toAccountRecord(filled, 'id-1', e2e, null);
    expect(record.endToEndHost).toBe('pop.example.org');
    expect(toAccountRecord(filled, 'id-1', undefined, record).endToEndHost).toBe('pop.example.org');
    expect(toAccountRecord(filled, 'id-1', targets[0], record)).not.toHaveProperty('endToEndHost');
  });

  it('say whether the bridge can read the mail, for each kind of target', () => {
    expect(bridgeReadsMailNote({ name: 'w', label: 'W', tls: 'starttls', endToEnd: { host: 'pop.example.org' } }, null)).toMatch(/pop\.example\.org.*without being able to read/);
    expect(bridgeReadsMailNote(targets[0], null)).toMatch(/bridge could read your password and mail/);
    expect(bridgeReadsMailNote({ name: 'l', label: 'L', tls: 'plaintext' }, null)).toMatch(/Unencrypted/);
  });
});
