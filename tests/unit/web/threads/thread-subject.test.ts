import { describe, expect, it } from 'vitest';
import { threadSubject } from '../../../../web/src/lib/threads/thread-subject.ts';

describe('threadSubject', () => {
  it.each([
    ['Re: Lunch', 'lunch'],
    ['RE: re: Fwd: Lunch', 'lunch'],
    ['Re[2]: Lunch', 'lunch'],
    ['AW: Lunch', 'lunch'],
    ['SV: Lunch', 'lunch'],
    ['VS:  Lunch ', 'lunch'],
    ['WG: Antw: Lunch', 'lunch'],
    ['[dev] Re: Lunch', 'lunch'],
    ['回复：Lunch', 'lunch'],
    ['Fw: LUNCH\t today', 'lunch today'],
  ])('reads %j as the conversation %j', (subject, expected) => {
    expect(threadSubject(subject)).toBe(expected);
  });

  it('keeps a word that merely starts like a prefix', () => {
    expect(threadSubject('Recap: the week')).toBe('recap: the week');
    expect(threadSubject('Swedish: SV')).toBe('swedish: sv');
  });

  it('gives an empty subject for prefixes alone', () => {
    expect(threadSubject('Re: ')).toBe('');
    expect(threadSubject('')).toBe('');
  });

  it('reads a subject of many prefixes in bounded time', () => {
    const started = performance.now();
    expect(threadSubject('Re: '.repeat(100_000) + 'x')).toBe('');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
