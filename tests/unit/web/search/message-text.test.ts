import { beforeAll, describe, expect, it } from 'vitest';
import { quickPlainText } from '../../../../web/src/lib/message/quick-metadata.ts';
import { bodyText } from '../../../../web/src/lib/search/message-text.ts';
import { loadCorpus, type CorpusMessage } from '../../../support/corpus.ts';
import { namedReferenceMail } from '../../../support/generated-mail.ts';
import { topAnswer } from '../../../support/top-answer.ts';

let corpus: CorpusMessage[];

beforeAll(async () => {
  corpus = await loadCorpus();
});

describe('bodyText', () => {
  it('reads the same text with the quick path as postal-mime does, for every corpus and generated message the path takes, whole and TOP n', async () => {
    const generated = namedReferenceMail();
    const differing: string[] = [];
    let taken = 0;
    for (const { name, bytes } of [...corpus, ...generated]) {
      for (const [shape, raw] of [['whole', bytes], ['TOP 8', topAnswer(bytes, 8)]] as const) {
        if (quickPlainText(raw) === null) continue;
        taken++;
        const quick = await bodyText(raw);
        const parsed = await bodyText(raw, { quick: false });
        // Trailing line ends differ (postal-mime adds or keeps one); nothing is indexed from them.
        if (quick.trimEnd() !== parsed.trimEnd()) differing.push(`${name} (${shape})`);
      }
    }
    expect(differing).toEqual([]);
    // The path must take a real share, or this compares nothing.
    expect(taken).toBeGreaterThan(300);
  });
});
