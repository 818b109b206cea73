import { RetainedBytes, TunnelError, type ClientMessage } from '../../shared/tunnel/index.ts';
import type { RetainedBudget } from './retained-budget.ts';
import { issueResumeToken, resumeTokenMatches } from './resume-token.ts';

/**
 * What a resumable TunnelSession keeps on top of a plain one (DESIGN.md invariant 3): the
 * digest of the token the next `resume` must show, the mail server's bytes the browser has
 * not acked (counted against the bridge-wide RetainedBudget), and the grace timer that runs
 * while no WebSocket is attached. TunnelSession decides when; this keeps the books.
 */
export class TunnelResume {
  /** The mail server's bytes the browser has not acked yet. */
  readonly #downstream = new RetainedBytes();
  readonly #budget: RetainedBudget;
  /** The bridge id every token of this session starts with; null for a browser that does not route. */
  readonly #route: string | null;
  #tokenDigest: Buffer;
  #graceTimer: NodeJS.Timeout | null = null;
  #resumes = 0;
  /** The server closed while parked: replay what is left, then say upstream-closed. */
  upstreamEnded = false;
  /** An ack with `wanted` went out since the retained buffer last had room. */
  ackRequested = false;

  /** A new resumable session, and the token its `ready` grants; `route` (the bridge id) sends its resumes back here. */
  static start(budget: RetainedBudget, route: string | null): { resume: TunnelResume; token: string } {
    const grant = issueResumeToken(route);
    return { resume: new TunnelResume(budget, route, grant.digest), token: grant.token };
  }

  private constructor(budget: RetainedBudget, route: string | null, tokenDigest: Buffer) {
    this.#budget = budget;
    this.#route = route;
    this.#tokenDigest = tokenDigest;
  }

  /** Resumes that went through. */
  get resumes(): number {
    return this.#resumes;
  }

  /** Downstream bytes the browser has acked: where the retained bytes start. */
  get acknowledged(): number {
    return this.#downstream.start;
  }

  /** Downstream bytes held for a replay. */
  get retained(): number {
    return this.#downstream.size;
  }

  tokenMatches(token: string): boolean {
    return resumeTokenMatches(token, this.#tokenDigest);
  }

  /** Node hands each 'data' chunk over for good, so keeping it (not a copy) is safe. */
  retain(chunk: Buffer): void {
    this.#downstream.append(chunk);
    this.#budget.add(chunk.length);
  }

  /** The browser has everything before `offset`: forget it, and give its room back to the budget. Throws for bytes never sent. */
  acknowledge(offset: number): void {
    const before = this.#downstream.size;
    this.#downstream.acknowledge(offset);
    this.#budget.release(before - this.#downstream.size);
  }

  /** The retained bytes fill this session's share of the budget: the server must wait for an ack. */
  full(resumeBufferBytes: number): boolean {
    return this.#budget.mustPause(this.#downstream.size, resumeBufferBytes);
  }

  /**
   * Why `resume` cannot pick up here, or null: the browser cannot have sent fewer bytes than
   * we received, nor want bytes we dropped (it acked them) or never had.
   */
  gap(resume: Extract<ClientMessage, { type: 'resume' }>, bytesUp: number): TunnelError | null {
    if (this.#downstream.holds(resume.received) && resume.sent >= bytesUp) return null;
    const { start, end } = this.#downstream;
    return new TunnelError('TUNNEL_ERR_RESUME_GAP', `resume at ${resume.received}/${resume.sent}, but the bridge holds ${start}–${end} and received ${bytesUp}`);
  }

  /** A resume at `received` went through: stop the grace clock, forget what the browser has, and return the next token. */
  resumedAt(received: number): string {
    if (this.#graceTimer) clearTimeout(this.#graceTimer);
    this.#graceTimer = null;
    this.acknowledge(received);
    const grant = issueResumeToken(this.#route);
    this.#tokenDigest = grant.digest;
    this.#resumes++;
    return grant.token;
  }

  /** The retained bytes from `offset` on, in the server's own chunks. */
  *replayFrom(offset: number): Generator<Buffer> {
    for (const chunk of this.#downstream.from(offset)) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }

  /** The WebSocket dropped: `onExpired` unless a resume comes within `graceMs`. */
  park(graceMs: number, onExpired: () => void): void {
    this.#graceTimer = setTimeout(onExpired, graceMs);
  }

  /** The session is over: stop the grace clock and give every retained byte's room back. */
  end(): void {
    this.#budget.release(this.#downstream.size);
    if (this.#graceTimer) clearTimeout(this.#graceTimer);
    this.#graceTimer = null;
  }
}
