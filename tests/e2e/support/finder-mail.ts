/**
 * The search spec's mailbox (16): the traveller's three corpus messages and one Japanese
 * message, and what to search each by, worked out in Node from postal-mime's reading of the
 * same files with the app's own text analysis, so each search has exactly one right answer.
 */
import PostalMime from 'postal-mime';
import type { CorpusMessage } from '../../support/corpus.ts';
import { analyze } from '../../../web/src/lib/search/text-analysis.ts';

/** Subject "日本語メールテスト (testing Japanese emails)", body "日本語が…" in ISO-2022-JP. */
export const FINDER_CJK_MESSAGE = 'mimekit/UnitTests/TestData/messages/japanese.txt';

type Email = Awaited<ReturnType<typeof PostalMime.parse>>;

const searchable = (email: Email): string => [email.from?.name, email.from?.address, ...(email.to ?? []).map((a) => `${a.name} ${a.address}`), email.subject, email.text].join('\n');

const parse = (message: CorpusMessage) => PostalMime.parse(message.bytes, { attachmentEncoding: 'arraybuffer' });

/** What a reader sees of an HTML body, roughly: no title, style or script, no tags. */
const visibleHtmlText = (html: string): string => html.replace(/<(title|style|script)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');

/**
 * A word of `mine`'s body text (letters only, 6 to 20 of them; of its HTML as shown, with
 * `shown: 'html'`) that is in none of the others, as the index reads them: searching it must
 * find `mine` alone.
 */
export async function wordOnlyIn(mine: CorpusMessage, others: readonly CorpusMessage[], shown: 'text' | 'html' = 'text'): Promise<string> {
  const elsewhere = new Set((await Promise.all(others.map(parse))).flatMap((email) => analyze(searchable(email))));
  const email = await parse(mine);
  const text = shown === 'html' ? visibleHtmlText(email.html ?? '') : (email.text ?? '');
  const word = (text.match(/\b[A-Za-z]{6,20}\b/g) ?? []).find((candidate) => !elsewhere.has(analyze(candidate)[0]!));
  if (word === undefined) throw new Error(`no ${shown} word of its own in the finder's message`);
  return word;
}

/** The first word of a message's sender name (what the list shows), the way a user types `from:`. */
export async function senderWord(message: CorpusMessage): Promise<string> {
  const email = await PostalMime.parse(message.bytes, { attachmentEncoding: 'arraybuffer' });
  const word = /[A-Za-z]{3,}/.exec(email.from?.name ?? '')?.[0];
  if (word === undefined) throw new Error('the finder\'s message has no sender name');
  return word;
}
