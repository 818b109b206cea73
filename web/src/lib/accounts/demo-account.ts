// A newcomer should see mail at once: when the bridge offers its built-in demo server and no
// account exists yet, Satchel sets one up. Its password is public ("demo"), so keeping it in
// memory is no secret at all.
import type { TargetInfo } from '../../../../shared/tunnel/index.ts';
import type { AccountRecord } from '../storage/schema.ts';

const DEMO_TARGET = 'demo';
export const DEMO_ACCOUNT_ID = 'demo';
export const DEMO_PASSWORD = 'demo';

export function demoAccountFor(targets: readonly TargetInfo[], existing: readonly AccountRecord[]): AccountRecord | null {
  if (existing.length > 0 || !targets.some((t) => t.name === DEMO_TARGET)) return null;
  return { id: DEMO_ACCOUNT_ID, displayName: 'Demo mailbox', targetName: DEMO_TARGET, userName: 'demo', authMethod: 'user-pass', policy: { kind: 'leave' } };
}
