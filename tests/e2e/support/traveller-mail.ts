/**
 * The traveller's mailbox for the offline-reading spec: three real corpus messages, picked
 * by what postal-mime finds in them (the first of each kind in corpus order, so always the
 * same): plain text only (single part), HTML, and one with a named attachment of a modest size.
 */
import PostalMime from 'postal-mime';
import type { CorpusMessage } from '../../support/corpus.ts';

export interface TravellerPicks {
  plain: CorpusMessage;
  html: CorpusMessage;
  withAttachment: CorpusMessage;
}

type Email = Awaited<ReturnType<typeof PostalMime.parse>>;

const parse = (message: CorpusMessage): Promise<Email> => PostalMime.parse(message.bytes, { attachmentEncoding: 'arraybuffer' });

/** A single-part message: no multipart anywhere in its top header block. */
function singlePart(message: CorpusMessage): boolean {
  const head = new TextDecoder('latin1').decode(message.bytes.subarray(0, 8192)).split(/\r?\n\r?\n/)[0] ?? '';
  return !/^content-type:\s*multipart/im.test(head);
}

const hasSubject = (email: Email) => (email.subject ?? '').trim().length > 3;

function attachmentOf(email: Email): Email['attachments'][number] | undefined {
  return email.attachments.find((a) => {
    const size = typeof a.content === 'string' ? a.content.length : a.content.byteLength;
    return a.filename !== null && a.filename !== undefined && /^[\w .-]{1,60}$/.test(a.filename) && a.disposition === 'attachment' && size >= 200 && size <= 300_000;
  });
}

export async function pickTravellerMail(corpus: readonly CorpusMessage[]): Promise<TravellerPicks> {
  let plain: CorpusMessage | undefined;
  let html: CorpusMessage | undefined;
  let withAttachment: CorpusMessage | undefined;
  for (const message of corpus) {
    if (plain && html && withAttachment) break;
    const email = await parse(message).catch(() => undefined);
    if (email === undefined || !hasSubject(email)) continue;
    const text = (email.text ?? '').trim();
    if (!plain && singlePart(message) && email.html === undefined && text.length > 40 && email.attachments.length === 0) plain = message;
    else if (!html && email.html !== undefined && email.attachments.length === 0 && text.length > 40) html = message;
    else if (!withAttachment && attachmentOf(email) !== undefined) withAttachment = message;
  }
  if (!plain || !html || !withAttachment) throw new Error('the corpus lacks a plain, an HTML or an attachment message for the traveller');
  return { plain, html, withAttachment };
}

/** What the reader should show and save for a traveller message, worked out in Node. */
export async function travellerExpectations(message: CorpusMessage): Promise<{ subject: string; text: string; attachment: { filename: string; bytes: Uint8Array } | null }> {
  const email = await parse(message);
  const attachment = attachmentOf(email);
  return {
    subject: email.subject ?? '',
    text: email.text ?? '',
    attachment:
      attachment === undefined
        ? null
        : { filename: attachment.filename ?? '', bytes: typeof attachment.content === 'string' ? new TextEncoder().encode(attachment.content) : new Uint8Array(attachment.content) },
  };
}
