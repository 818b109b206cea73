import { TunnelError, resumeRoute } from '../../shared/tunnel/index.ts';
import type { BridgeLogger } from '../logging/index.ts';
import { ResumeFailureLimiter } from './resume-failure-limiter.ts';

/** What the registry needs of a session: its id and a check of a presented token. */
export interface ResumableSession {
  readonly id: string;
  tokenMatches(token: string): boolean;
}

/**
 * The resumable sessions that are alive (attached or parked), by session id, and the gate a
 * `resume` must pass: the session must exist, the IP must not be over its failure limit, and
 * the token must match. Refusals are logged (never the token) and counted per IP.
 */
export class ResumeRegistry<S extends ResumableSession> {
  readonly #sessions = new Map<string, S>();
  readonly #failures: ResumeFailureLimiter;
  readonly #logger: BridgeLogger;
  /** This bridge's id: the route every token it issues starts with. */
  readonly bridgeId: string;

  constructor(logger: BridgeLogger, failures: ResumeFailureLimiter, bridgeId: string) {
    this.#logger = logger;
    this.#failures = failures;
    this.bridgeId = bridgeId;
  }

  get size(): number {
    return this.#sessions.size;
  }

  add(session: S): void {
    this.#sessions.set(session.id, session);
  }

  delete(session: S): void {
    if (this.#sessions.get(session.id) === session) this.#sessions.delete(session.id);
  }

  /** The session `sessionId` names, if `token` is its current token; throws TunnelError otherwise. */
  claim(sessionId: string, token: string, ip: string): S {
    if (!this.#failures.allows(ip)) {
      this.#refuse(ip, sessionId, 'TUNNEL_ERR_RESUME_DENIED', 'too many failed resume attempts from this address; wait a minute');
    }
    const route = resumeRoute(token);
    if (route !== null && route !== this.bridgeId) {
      // Issued by another bridge: the balancer sent it here because that one is gone (or the
      // browser was not routed). Not a guess: no token of ours starts this way, so it could
      // never match here, and the browser is not charged a failed attempt for it.
      this.#refuse(ip, sessionId, 'TUNNEL_ERR_RESUME_EXPIRED', `bridge ${this.bridgeId} holds no session of bridge ${route}`);
    }
    const session = this.#sessions.get(sessionId);
    if (session === undefined) {
      this.#failures.recordFailure(ip);
      this.#refuse(ip, sessionId, 'TUNNEL_ERR_RESUME_EXPIRED', 'the bridge holds no such session (its grace period may have run out)');
    }
    if (!session.tokenMatches(token)) {
      this.#failures.recordFailure(ip);
      this.#refuse(ip, sessionId, 'TUNNEL_ERR_RESUME_DENIED', 'the resume token does not match');
    }
    return session;
  }

  #refuse(ip: string, sessionId: string, code: 'TUNNEL_ERR_RESUME_DENIED' | 'TUNNEL_ERR_RESUME_EXPIRED', message: string): never {
    this.#logger.log('tunnel-resume-refused', { id: sessionId, ip, code });
    throw new TunnelError(code, message);
  }
}
