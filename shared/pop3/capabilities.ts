/** What a CAPA listing said (RFC 2449 §5-6). Tags are matched case-insensitively. */
export interface Pop3Capabilities {
  /** Every capability line, as sent. */
  raw: string[];
  stls: boolean;
  pipelining: boolean;
  uidl: boolean;
  top: boolean;
  user: boolean;
  respCodes: boolean;
  authRespCode: boolean;
  utf8: boolean;
  /** SASL mechanism names, upper case. */
  sasl: string[];
  /** RFC 2449 §6.7. days 0 means messages are deleted right after retrieval. */
  expire: { days: number | 'NEVER'; perUser: boolean } | null;
  /** RFC 2449 §6.8. */
  loginDelay: { seconds: number; perUser: boolean } | null;
  implementation: string | null;
}

const DIGITS = /^[0-9]{1,9}$/;

export function parseCapabilities(lines: readonly string[]): Pop3Capabilities {
  const caps: Pop3Capabilities = {
    raw: [...lines],
    stls: false,
    pipelining: false,
    uidl: false,
    top: false,
    user: false,
    respCodes: false,
    authRespCode: false,
    utf8: false,
    sasl: [],
    expire: null,
    loginDelay: null,
    implementation: null,
  };
  for (const line of lines) {
    const words = line.trim().split(/\s+/);
    const tag = (words[0] ?? '').toUpperCase();
    const args = words.slice(1);
    // RFC 2449 §6.7/§6.8: a trailing "USER" means the value may differ per user; it is only
    // sent in the AUTHORIZATION state, and the value after login is the real one.
    const perUser = args[1]?.toUpperCase() === 'USER';
    switch (tag) {
      case 'STLS': caps.stls = true; break;
      case 'PIPELINING': caps.pipelining = true; break;
      case 'UIDL': caps.uidl = true; break;
      case 'TOP': caps.top = true; break;
      case 'USER': caps.user = true; break;
      case 'RESP-CODES': caps.respCodes = true; break;
      case 'AUTH-RESP-CODE': caps.authRespCode = true; break;
      case 'UTF8': caps.utf8 = true; break; // RFC 6856 §2; the optional USER argument is not needed here
      case 'SASL': caps.sasl = args.map((m) => m.toUpperCase()); break;
      case 'EXPIRE': {
        const value = args[0]?.toUpperCase();
        if (value === 'NEVER') caps.expire = { days: 'NEVER', perUser };
        else if (value !== undefined && DIGITS.test(value)) caps.expire = { days: Number(value), perUser };
        break;
      }
      case 'LOGIN-DELAY': {
        const value = args[0];
        if (value !== undefined && DIGITS.test(value)) caps.loginDelay = { seconds: Number(value), perUser };
        break;
      }
      case 'IMPLEMENTATION': caps.implementation = line.trim().slice(tag.length).trim() || null; break;
      default: break; // RFC 2449 §5: unknown capabilities are ignored
    }
  }
  return caps;
}
