// Message-ID, In-Reply-To and References, read as JWZ threading reads them
// (https://www.jwz.org/doc/threading.html): the ids between angle brackets, References first,
// then In-Reply-To's first id when References does not already end with it. Bounded: a
// header of thousands of ids (a mailing list that never trims References) keeps the root and
// the newest ones, which are all threading needs to find a shared id.
import type { MessageMetadata } from './message-metadata-shape.ts';

type ThreadHeaders = Pick<MessageMetadata, 'messageId' | 'references'>;

const MAX_REFERENCES = 32;
/** RFC 5322 §2.1.1: a line is at most 998 characters; no id can be longer. */
const MAX_ID_LENGTH = 998;
const ANGLE_ID = /<([^<>\s]+)>/g;

export function threadHeadersOf(messageId: string | undefined, inReplyTo: string | undefined, references: string | undefined): ThreadHeaders {
  const own = idsIn(messageId)[0] ?? bareId(messageId);
  const chain = idsIn(references);
  const parent = idsIn(inReplyTo)[0];
  if (parent !== undefined && chain[chain.length - 1] !== parent) chain.push(parent);
  const ancestors = chain.filter((id) => id !== own);
  const kept = ancestors.length > MAX_REFERENCES ? [ancestors[0]!, ...ancestors.slice(ancestors.length - MAX_REFERENCES + 1)] : ancestors;
  return { messageId: own, references: kept };
}

function idsIn(value: string | undefined): string[] {
  if (value === undefined) return [];
  const ids: string[] = [];
  for (const match of value.matchAll(ANGLE_ID)) if (match[1]!.length <= MAX_ID_LENGTH) ids.push(match[1]!);
  return ids;
}

/** Some senders write a Message-ID without its angle brackets: one token is still an id. */
function bareId(value: string | undefined): string | null {
  const token = value?.trim() ?? '';
  return token !== '' && token.length <= MAX_ID_LENGTH && !/[\s<>]/.test(token) ? token : null;
}
