// The account form as plain data: what the inputs hold, how it is checked, and how it becomes
// an AccountRecord. Kept out of the component so it is tested without a DOM.
import type { AccountPolicy } from '../../../../shared/sync/index.ts';
import type { TargetInfo } from '../../../../shared/tunnel/index.ts';
import type { AccountRecord, AuthMethod } from '../storage/schema.ts';

/** The sign-in methods the form offers, in the order shown. OAuth needs a token flow the form lacks. */
export const AUTH_METHODS: readonly { value: AuthMethod; label: string }[] = [
  { value: 'user-pass', label: 'USER/PASS' },
  { value: 'sasl-plain', label: 'SASL PLAIN' },
  { value: 'sasl-login', label: 'SASL LOGIN' },
  { value: 'apop', label: 'APOP' },
];

export type PolicyKind = AccountPolicy['kind'];

export interface AccountFields {
  displayName: string;
  targetName: string;
  userName: string;
  authMethod: AuthMethod;
  password: string;
  remember: boolean;
  policyKind: PolicyKind;
  policyDays: number;
}

export type FieldErrors = Partial<Record<'displayName' | 'targetName' | 'userName' | 'password' | 'policyDays', string>>;

export const DEFAULT_POLICY_DAYS = 30;

export function fieldsFrom(account: AccountRecord | null, targets: readonly TargetInfo[], remembered: boolean): AccountFields {
  return {
    displayName: account?.displayName ?? '',
    targetName: account?.targetName ?? targets[0]?.name ?? '',
    userName: account?.userName ?? '',
    authMethod: account?.authMethod ?? 'user-pass',
    password: '',
    remember: remembered,
    policyKind: account?.policy.kind ?? 'leave',
    policyDays: account?.policy.kind === 'delete-after-days' ? account.policy.days : DEFAULT_POLICY_DAYS,
  };
}

export function policyFrom(kind: PolicyKind, days: number): AccountPolicy {
  if (kind === 'delete-after-days') return { kind, days };
  return { kind };
}

/** A new account needs a password; an edit may leave it empty to keep the one held. */
export function validateFields(fields: AccountFields, isNew: boolean): FieldErrors {
  const errors: FieldErrors = {};
  if (fields.displayName.trim() === '') errors.displayName = 'Give the account a name.';
  if (fields.targetName === '') errors.targetName = 'Choose a mail server.';
  if (fields.userName.trim() === '') errors.userName = 'Enter your user name.';
  // POP3 commands are lines: CR, LF or NUL would end them early (RFC 1939 §3).
  else if (/[\r\n\0]/.test(fields.userName)) errors.userName = 'The user name cannot contain line breaks.';
  if (isNew && fields.password === '') errors.password = 'Enter your password.';
  else if (/[\r\n\0]/.test(fields.password)) errors.password = 'The password cannot contain line breaks.';
  if (fields.policyKind === 'delete-after-days' && !(Number.isInteger(fields.policyDays) && fields.policyDays >= 1 && fields.policyDays <= 3650)) {
    errors.policyDays = 'Enter a number of days from 1 to 3650.';
  }
  return errors;
}

/**
 * The record to store: never the password, which goes to the CredentialStore instead.
 * `target` is the chosen target as the bridge lists it now: an end-to-end one pins its host
 * name in the record. A target the bridge no longer lists keeps what `previous` had.
 */
export function toAccountRecord(fields: AccountFields, id: string, target?: TargetInfo, previous?: AccountRecord | null): AccountRecord {
  const endToEndHost = target === undefined ? previous?.endToEndHost : target.endToEnd?.host;
  return {
    id,
    displayName: fields.displayName.trim(),
    targetName: fields.targetName,
    userName: fields.userName.trim(),
    authMethod: fields.authMethod,
    policy: policyFrom(fields.policyKind, fields.policyDays),
    ...(endToEndHost === undefined ? {} : { endToEndHost }),
  };
}

/** Who can read an account's mail on its way, in words for the account form. */
export function bridgeReadsMailNote(target: TargetInfo | undefined, account: AccountRecord | null): string {
  const host = target === undefined ? account?.endToEndHost : target.endToEnd?.host;
  if (host !== undefined) {
    return `Encrypted end to end: Satchel checks ${host}'s certificate itself, and the bridge passes on your password and mail without being able to read them.`;
  }
  if (target?.tls === 'plaintext') return 'Unencrypted, on this computer only: the bridge and anything on it can read your password and mail.';
  return 'The bridge decrypts this connection: whoever runs the bridge could read your password and mail.';
}

export function newAccountId(): string {
  return globalThis.crypto.randomUUID();
}
