import { describe, expect, it } from 'vitest';
import { describeError } from '../../../../web/src/lib/feedback/describe-error.ts';
import { POP3_WORDING } from '../../../../web/src/lib/feedback/pop3-wording.ts';
import { SYNC_RUN_WORDING, SYNC_WORDING, STORAGE_WORDING, TARGETS_WORDING } from '../../../../web/src/lib/feedback/local-wording.ts';
import { TUNNEL_WORDING } from '../../../../web/src/lib/feedback/tunnel-wording.ts';
import { describeSyncProblem, OFFLINE_SENTENCE, SERVER_DOWN_SENTENCE } from '../../../../web/src/lib/feedback/sync-problem.ts';

describe('describeSyncProblem', () => {
  it('says "you’re offline" for a dropped link when the browser is offline', () => {
    const sentence = describeSyncProblem('TUNNEL_ERR_CLOSED', { online: false, serverReachable: null });
    expect(sentence).toBe(OFFLINE_SENTENCE);
    expect(sentence).not.toMatch(/dropped/);
  });

  it('says Satchel’s server cannot be reached when it did not answer its probe', () => {
    expect(describeSyncProblem('TUNNEL_ERR_RECONNECT_GAVE_UP', { online: true, serverReachable: false })).toBe(SERVER_DOWN_SENTENCE);
  });

  it('keeps the code’s own words when the link is fine, and for problems that are not the link', () => {
    expect(describeSyncProblem('TUNNEL_ERR_CLOSED', { online: true, serverReachable: true })).toBe(describeError('TUNNEL_ERR_CLOSED'));
    expect(describeSyncProblem('POP3_ERR_AUTH', { online: false, serverReachable: false })).toBe(describeError('POP3_ERR_AUTH'));
  });

  it('never calls Satchel’s server "the bridge" in what the user reads', () => {
    const tables = [POP3_WORDING, TUNNEL_WORDING, SYNC_WORDING, SYNC_RUN_WORDING, STORAGE_WORDING, TARGETS_WORDING];
    for (const [code, sentence] of tables.flatMap((table) => Object.entries(table))) expect(sentence, code).not.toMatch(/bridge/i);
    expect(OFFLINE_SENTENCE + SERVER_DOWN_SENTENCE).not.toMatch(/bridge/i);
  });
});
