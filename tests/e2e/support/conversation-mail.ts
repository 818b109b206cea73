/**
 * Spec 18's mailbox: a real conversation from the corpus, and one message outside it. The
 * corpus holds RFC 2822's own example of a reply chain (Appendix A.1.3, as copied by
 * mikel/mail): John's "Saying Hello", Mary's reply, and John's reply to her, tied by
 * Message-ID, In-Reply-To and References as their clients wrote them; no header is added.
 * Appendix A.1.2's message (no subject, no reply headers) stands apart.
 */
import type { CorpusMessage } from '../../support/corpus.ts';

const RFC2822 = 'ruby-mail/spec/fixtures/emails/rfc2822';

/** The conversation, oldest first, then the unrelated message: delivery order, so UIDL n is entry n. */
const CONVERSATION_MAIL = [`${RFC2822}/example01.eml`, `${RFC2822}/example06.eml`, `${RFC2822}/example07.eml`, `${RFC2822}/example03.eml`] as const;

export function conversationMail(corpus: readonly CorpusMessage[]): CorpusMessage[] {
  return CONVERSATION_MAIL.map((name) => {
    const found = corpus.find((message) => message.name === name);
    if (found === undefined) throw new Error(`corpus has no ${name}`);
    return found;
  });
}
