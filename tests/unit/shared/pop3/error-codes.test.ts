import { describe, expect, it } from 'vitest';
import { isPop3ErrorCode, POP3_ERROR_CODES, Pop3LocalProtocolError, Pop3NegativeResponseError, Pop3RemoteProtocolError } from '../../../../shared/pop3/index.ts';

describe('POP3_ERROR_CODES', () => {
  it('names every code after the POP3_ERR_ prefix and describes it', () => {
    for (const [code, entry] of Object.entries(POP3_ERROR_CODES)) {
      expect(code).toMatch(/^POP3_ERR_[A-Z_]+$/);
      expect(entry.summary.length).toBeGreaterThan(10);
    }
  });

  it('holds the codes other layers rely on', () => {
    for (const code of ['POP3_ERR_AUTH', 'POP3_ERR_IN_USE', 'POP3_ERR_LOGIN_DELAY', 'POP3_ERR_SYS_TEMP', 'POP3_ERR_SYS_PERM', 'POP3_ERR_NEGATIVE', 'POP3_ERR_LINE_TOO_LONG', 'POP3_ERR_MESSAGE_TOO_LARGE', 'POP3_ERR_BAD_STATUS', 'POP3_ERR_BAD_UIDL', 'POP3_ERR_BAD_LISTING', 'POP3_ERR_UNSOLICITED', 'POP3_ERR_EOF', 'POP3_ERR_BAD_GREETING', 'POP3_ERR_BAD_CONTINUATION', 'POP3_ERR_INVALID_STATE', 'POP3_ERR_BAD_ARGUMENT', 'POP3_ERR_COMMAND_TOO_LONG', 'POP3_ERR_NOT_PIPELINING']) {
      expect(isPop3ErrorCode(code), code).toBe(true);
    }
    expect(isPop3ErrorCode('TUNNEL_ERR_DNS')).toBe(false);
  });

  it('takes the side of each error from the table', () => {
    expect(new Pop3LocalProtocolError('POP3_ERR_BAD_ARGUMENT').side).toBe('local');
    expect(new Pop3RemoteProtocolError('POP3_ERR_EOF').side).toBe('remote');
    const negative = new Pop3NegativeResponseError('POP3_ERR_IN_USE', 'PASS', 'IN-USE', 'locked');
    expect([negative.code, negative.side, negative.command, negative.respCode]).toEqual(['POP3_ERR_IN_USE', 'remote', 'PASS', 'IN-USE']);
  });
});
