import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A resume token is the only thing that lets a new WebSocket take over a parked POP3 session
 * (which is logged in as the user), so it is a bearer secret: 32 random bytes, base64url,
 * after this bridge's id and a dot (`bridge-2.<secret>`), which is public and only tells a
 * load balancer where the session lives (shared/tunnel/resume-route.ts).
 * The bridge keeps only its SHA-256 (a memory dump or a careless log line of the session
 * object shows no usable token) and compares digests in constant time.
 */
export interface IssuedResumeToken {
  /** Goes to the browser once, in `ready` or `resumed`; never logged, never in a URL. */
  token: string;
  /** What the bridge keeps. */
  digest: Buffer;
}

function digestOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A fresh token, after `route` (this bridge's id) and a dot unless it is null (a browser that does not route). */
export function issueResumeToken(route: string | null): IssuedResumeToken {
  const secret = randomBytes(32).toString('base64url');
  const token = route === null ? secret : `${route}.${secret}`;
  return { token, digest: digestOf(token) };
}

/** Constant time in the token's content: both sides are 32-byte digests whatever was sent. */
export function resumeTokenMatches(token: string, digest: Buffer): boolean {
  return timingSafeEqual(digestOf(token), digest);
}
