import { describe, expect, it } from 'vitest';
import { BEGIN_MARKER, END_MARKER, citedFilesIn, citeInto, renderCitedRuns, replaceGeneratedBlock } from '../../../bench/report/benchmarks-doc.ts';
import { profile, result, run } from './bench-report-fixture.ts';

const loopback = { ...result([profile('loopback', [run('satchel', 4), run('mpop', 2)])]), quick: false };
const slowLinks = { ...result([profile('rtt100-8mbit', [run('satchel', 70), run('mpop', 100)])]), quick: false };
const quickLoopback = { ...loopback, quick: true };

describe('replaceGeneratedBlock', () => {
  it('appends the block to a document without one', () => {
    expect(replaceGeneratedBlock('# Benchmarks\n\nProse.\n', 'T1')).toBe(`# Benchmarks\n\nProse.\n\n${BEGIN_MARKER}\nT1\n${END_MARKER}\n`);
  });

  it('replaces only the block, keeping the prose around it', () => {
    const doc = `# B\n\nbefore\n\n${BEGIN_MARKER}\nold\n${END_MARKER}\n\nafter\n`;
    expect(replaceGeneratedBlock(doc, 'new')).toBe(`# B\n\nbefore\n\n${BEGIN_MARKER}\nnew\n${END_MARKER}\n\nafter\n`);
  });
});

describe('cited runs', () => {
  it('links each section to its JSON in docs/bench and reads the links back in order', () => {
    const block = renderCitedRuns([
      { file: 'b.json', result: loopback },
      { file: 'a-quick.json', result: quickLoopback },
    ]);
    expect(block).toContain('### full (2,000 messages): loopback');
    expect(block).toContain('Raw figures: [`b.json`](bench/b.json).');
    const doc = replaceGeneratedBlock('# B\n\nRaw figures: [`outside.json`](bench/outside.json).\n', block);
    expect(citedFilesIn(doc)).toEqual(['b.json', 'a-quick.json']);
  });

  it('finds no cited run in a document without the block', () => {
    expect(citedFilesIn('# B\n\nRaw figures: [`x.json`](bench/x.json).\n')).toEqual([]);
  });

  it('puts a new run in the place of the shown run of the same kind, and a new kind last', () => {
    const shown = [
      { file: 'old-loopback.json', result: loopback },
      { file: 'links.json', result: slowLinks },
    ];
    expect(citeInto(shown, { file: 'new-loopback.json', result: loopback }).map((r) => r.file)).toEqual(['new-loopback.json', 'links.json']);
    expect(citeInto(shown, { file: 'q.json', result: quickLoopback }).map((r) => r.file)).toEqual(['old-loopback.json', 'links.json', 'q.json']);
  });
});
