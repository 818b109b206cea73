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

/** Messages in spec 18's long conversation: more than the stack draws at first (50). */
export const LONG_CONVERSATION_SIZE = 56;

/**
 * A nightly report and its replies, as a monitoring job writes them for months: one
 * conversation too long to draw whole, so the stack pages back through it.
 */
export function longConversationMail(): Uint8Array[] {
  return Array.from({ length: LONG_CONVERSATION_SIZE }, (_, n) => {
    const day = new Date(Date.UTC(2026, 0, 1 + n, 6, 0, 0)).toUTCString().replace('GMT', '+0000');
    const reply = n === 0 ? [] : ['In-Reply-To: <report-0@monitor.example.org>', 'References: <report-0@monitor.example.org>'];
    const lines = [
      'From: Monitor <monitor@example.org>',
      'To: ops@example.org',
      `Subject: ${n === 0 ? '' : 'Re: '}Nightly report`,
      `Date: ${day}`,
      `Message-ID: <report-${n}@monitor.example.org>`,
      ...reply,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Night ${n + 1}: all ${n + 3} checks passed.`,
      '',
    ];
    return new Uint8Array(Buffer.from(lines.join('\r\n'), 'utf8'));
  });
}
