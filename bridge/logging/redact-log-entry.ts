import type { LogEntry } from './log-entry.ts';

/**
 * Keys that must never reach a log (DESIGN.md invariant 6). The bridge never logs POP3 bytes at
 * all; this is the second line of defence against a future careless field.
 */
const FORBIDDEN_KEY = /pass|secret|auth|token|credential|cookie|payload|data|bytes$/i;
/** Byte counters are the one allowed use of "bytes" in a key. */
const ALLOWED_KEYS = new Set(['bytesUp', 'bytesDown', 'discardedBytes']);
/** A POP3 line that carries a secret (RFC 1939 §7 PASS/APOP, RFC 5034 AUTH), wherever it shows up. */
const SECRET_LINE = /\b(PASS|APOP|AUTH)\b[^\r\n]*/gi;
const MAX_STRING = 300;

function cleanString(value: string): string {
  const flat = value.replace(SECRET_LINE, '$1 [redacted]').replace(/[\u0000-\u001f\u007f]/g, ' ');
  return flat.length > MAX_STRING ? `${flat.slice(0, MAX_STRING)}…` : flat;
}

/** Keeps scalar fields with safe names; strings are cut short, stripped of control characters and of secret lines. */
export function redactLogEntry(entry: LogEntry): LogEntry {
  const out: LogEntry = {};
  for (const [key, value] of Object.entries(entry)) {
    if (FORBIDDEN_KEY.test(key) && !ALLOWED_KEYS.has(key)) continue;
    if (typeof value === 'string') out[key] = cleanString(value);
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) out[key] = value;
  }
  return out;
}
