import { describe, expect, it } from 'vitest';
import { MessageIndex } from '../../../../web/src/lib/search/message-index.ts';
import { generateMailbox } from '../../../support/generated-mail.ts';

/** Generated mail's text, as fields: enough of it that a save and a load each take many turns. */
function filledIndex(count: number): MessageIndex {
  const index = MessageIndex.empty();
  generateMailbox({ count, seed: 41 }).forEach((bytes, id) => {
    const text = Buffer.from(bytes).toString('utf8');
    index.add(id, { from: `Sender ${id % 37} <s${id % 37}@example.org>`, to: 'me@example.org', subject: `Report ${id}`, all: text.slice(0, 12_000) });
  });
  return index;
}

/** Whether a task queued now runs before `work` settles: that is, whether `work` gave the thread a turn. */
async function givesATurn<T>(work: () => Promise<T>): Promise<{ result: T; turned: boolean }> {
  let turned = false;
  const timer = setTimeout(() => {
    turned = true;
  }, 0);
  const result = await work();
  clearTimeout(timer);
  return { result, turned };
}

describe('MessageIndex save and load', () => {
  it('saves and loads a large index a turn at a time, and the loaded index answers as the saved one did', async () => {
    const index = filledIndex(800);
    const saved = await givesATurn(() => index.chunks());
    expect(saved.result.length).toBeGreaterThan(4);
    expect(saved.turned).toBe(true);

    const loaded = await givesATurn(() => MessageIndex.load(saved.result));
    expect(loaded.turned).toBe(true);
    for (const [field, tokens] of [['subject', ['report', '512']], ['from', ['sender', '7']], ['any', ['example']]] as const) {
      expect(loaded.result.ids(field, [...tokens], 1_000)).toEqual(index.ids(field, [...tokens], 1_000));
    }
    expect(index.ids('subject', ['report', '512'], 10)).toEqual([512]);
  });
});
