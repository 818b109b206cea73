import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { probeDiskFlush } from '../../../bench/measurement/disk-flush-probe.ts';

const probeDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('satchel-bench-flush-'));

describe('probeDiskFlush', () => {
  it('times writing and fsyncing its files, and leaves none behind', () => {
    const before = probeDirs();
    const ms = probeDiskFlush();
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).toBeGreaterThan(0);
    expect(probeDirs()).toEqual(before);
  });
});
