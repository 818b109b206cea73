import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetainedBudget } from '../../../../bridge/server/retained-budget.ts';
import { TunnelResume } from '../../../../bridge/server/tunnel-resume.ts';

const resumeAt = (received: number, sent: number) => ({ type: 'resume' as const, v: 1 as const, sessionId: 's', token: 't', received, sent });

describe('TunnelResume', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('books retained bytes against the shared budget and gives them back on ack and at the end', () => {
    const budget = new RetainedBudget(1024 * 1024);
    const { resume } = TunnelResume.start(budget, 'b1');
    resume.retain(Buffer.from('+OK one\r\n'));
    resume.retain(Buffer.from('+OK two\r\n'));
    expect([resume.retained, budget.total]).toEqual([18, 18]);
    resume.acknowledge(9);
    expect([resume.acknowledged, resume.retained, budget.total]).toEqual([9, 9, 9]);
    resume.end();
    expect(budget.total).toBe(0);
  });

  it('accepts only the token it granted, and after a resume only the new one', () => {
    const { resume, token } = TunnelResume.start(new RetainedBudget(1024), 'b1');
    expect(resume.tokenMatches(token)).toBe(true);
    expect(resume.tokenMatches(`${token.slice(1)}x`)).toBe(false);
    const next = resume.resumedAt(0);
    expect([resume.tokenMatches(token), resume.tokenMatches(next), resume.resumes]).toEqual([false, true, 1]);
    expect([token, next].map((t) => t.split('.')[0])).toEqual(['b1', 'b1']);
  });

  it('finds a gap when the browser wants bytes already acked or claims to have sent fewer than arrived', () => {
    const { resume } = TunnelResume.start(new RetainedBudget(1024), 'b1');
    resume.retain(Buffer.from('0123456789'));
    resume.acknowledge(4);
    expect(resume.gap(resumeAt(4, 7), 7)).toBeNull();
    expect(resume.gap(resumeAt(10, 7), 7)).toBeNull();
    expect(resume.gap(resumeAt(3, 7), 7)?.code).toBe('TUNNEL_ERR_RESUME_GAP');
    expect(resume.gap(resumeAt(11, 7), 7)?.code).toBe('TUNNEL_ERR_RESUME_GAP');
    expect(resume.gap(resumeAt(4, 6), 7)?.message).toBe('resume at 4/6, but the bridge holds 4–10 and received 7');
  });

  it('replays exactly the bytes after the browser’s offset', () => {
    const { resume } = TunnelResume.start(new RetainedBudget(1024), 'b1');
    resume.retain(Buffer.from('abc'));
    resume.retain(Buffer.from('defg'));
    expect(Buffer.concat([...resume.replayFrom(2)]).toString()).toBe('cdefg');
  });

  it('expires when parked for the grace period, not when resumed within it', () => {
    const { resume } = TunnelResume.start(new RetainedBudget(1024), 'b1');
    const expired = vi.fn();
    resume.park(1_000, expired);
    vi.advanceTimersByTime(999);
    resume.resumedAt(0);
    vi.advanceTimersByTime(10_000);
    expect(expired).not.toHaveBeenCalled();
    resume.park(1_000, expired);
    vi.advanceTimersByTime(1_000);
    expect(expired).toHaveBeenCalledTimes(1);
  });
});
