/** What the caller may ask of the server; `Pop3Client.send` turns one into bytes. */
export type Pop3Command =
  | { type: 'CAPA' }
  | { type: 'STLS' }
  | { type: 'UTF8' }
  | { type: 'USER'; name: string }
  | { type: 'PASS'; password: string }
  | { type: 'APOP'; name: string; digest: string }
  /** `initialResponse` is base64; '=' means an empty initial response (RFC 5034 §4). */
  | { type: 'AUTH'; mechanism: string; initialResponse?: string }
  /** The answer to a `continuation` event, base64. */
  | { type: 'AUTH_RESPONSE'; response: string }
  | { type: 'AUTH_CANCEL' }
  | { type: 'STAT' }
  | { type: 'LIST'; msg?: number }
  | { type: 'UIDL'; msg?: number }
  | { type: 'TOP'; msg: number; lines: number }
  | { type: 'RETR'; msg: number }
  | { type: 'DELE'; msg: number }
  | { type: 'RSET' }
  | { type: 'NOOP' }
  | { type: 'QUIT' };

export type Pop3CommandName = Pop3Command['type'];
