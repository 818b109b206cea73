import { describe, expect, it } from 'vitest';
import { BEGIN_MARKER, END_MARKER, replaceGeneratedBlock } from '../../../bench/report/benchmarks-doc.ts';

describe('replaceGeneratedBlock', () => {
  it('appends the block to a document without one', () => {
    expect(replaceGeneratedBlock('# Benchmarks\n\nProse.\n', 'T1')).toBe(`# Benchmarks\n\nProse.\n\n${BEGIN_MARKER}\nT1\n${END_MARKER}\n`);
  });

  it('replaces only the block, keeping the prose around it', () => {
    const doc = `# B\n\nbefore\n\n${BEGIN_MARKER}\nold\n${END_MARKER}\n\nafter\n`;
    expect(replaceGeneratedBlock(doc, 'new')).toBe(`# B\n\nbefore\n\n${BEGIN_MARKER}\nnew\n${END_MARKER}\n\nafter\n`);
  });
});
