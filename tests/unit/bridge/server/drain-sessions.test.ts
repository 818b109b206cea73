import { describe, expect, it } from 'vitest';
import { drainSessions } from '../../../../bridge/server/drain-sessions.ts';

/** A session that ends when shut down (unless it ignores that, as a deaf browser does) or cut. */
class FakeSession {
  readonly calls: string[] = [];
  constructor(
    readonly sessions: Set<FakeSession>,
    public parked: boolean,
    readonly closesOnShutdown = true,
  ) {
    sessions.add(this);
  }

  get progress() {
    return { parked: this.parked };
  }

  shutdown(): void {
    this.calls.push('shutdown');
    if (this.closesOnShutdown) this.sessions.delete(this);
  }

  terminate(): void {
    this.calls.push('terminate');
    this.sessions.delete(this);
  }
}

describe('drainSessions', () => {
  it('closes a parked session at once and lets an open one finish by itself within the grace', async () => {
    const sessions = new Set<FakeSession>();
    const parked = new FakeSession(sessions, true);
    const open = new FakeSession(sessions, false);
    setTimeout(() => sessions.delete(open), 60);
    const started = Date.now();
    await drainSessions(sessions, { graceMs: 2_000, closeGraceMs: 1_000, pollMs: 5 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(parked.calls).toEqual(['shutdown']);
    expect(open.calls).toEqual([]);
  });

  it('closes a session that parks during the grace period', async () => {
    const sessions = new Set<FakeSession>();
    const session = new FakeSession(sessions, false);
    setTimeout(() => (session.parked = true), 30);
    await drainSessions(sessions, { graceMs: 2_000, closeGraceMs: 1_000, pollMs: 5 });
    expect(session.calls).toEqual(['shutdown']);
  });

  it('ends the grace period when told to cut it short', async () => {
    const sessions = new Set<FakeSession>();
    const session = new FakeSession(sessions, false);
    const cutShort = new AbortController();
    setTimeout(() => cutShort.abort(), 30);
    const started = Date.now();
    await drainSessions(sessions, { graceMs: 10_000, closeGraceMs: 1_000, pollMs: 5, cutShort: cutShort.signal });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(session.calls).toEqual(['shutdown']);
  });

  it('tells what is still open after the grace to shut down, and cuts what does not close', async () => {
    const sessions = new Set<FakeSession>();
    const polite = new FakeSession(sessions, false);
    const deaf = new FakeSession(sessions, false, false);
    const started = Date.now();
    await drainSessions(sessions, { graceMs: 50, closeGraceMs: 50, pollMs: 5 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(polite.calls).toEqual(['shutdown']);
    expect(deaf.calls).toEqual(['shutdown', 'terminate']);
    expect(sessions.size).toBe(0);
  });
});
