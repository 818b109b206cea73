/**
 * The documents search-libraries.ts indexes: the shared corpus parsed once, then copied to
 * DOC_COUNT messages, later copies perturbed deterministically (dates, flags, and sentences in
 * scripts the corpus lacks).
 */
import PostalMime from 'postal-mime';
import { loadCorpus } from '../../../support/corpus.ts';
import { htmlPreviewText } from '../../../../web/src/lib/message/html-preview-text.ts';

export const DOC_COUNT = 10_000;
/** Body text indexed per message; the rest is not searchable (one corpus message has 1.16 M characters of text). */
const TEXT_CAP = 64 * 1024;

export interface MailDoc {
  id: number;
  /** Corpus path of the message it was made from. */
  base: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  date: number;
  unread: boolean;
  hasAttachment: boolean;
  rawBytes: number;
}

export interface BaseMessage {
  name: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  date: number;
  hasAttachment: boolean;
  rawBytes: number;
}

/** Fixed sentences added to some copies: the corpus holds no Arabic text (see docs/SEARCH.md). */
const ARABIC = ['مرحبا، هل استلمت الفاتورة الأخيرة؟', 'اجتماع الفريق يوم الخميس في المكتب', 'شُكْرًا جَزِيلًا على المساعدة في الفاتورة', 'شكرا جزيلا، سأرسل التقرير غدا'];
const HEBREW = ['שלום, הפגישה נדחתה ליום חמישי', 'מצורפת החשבונית של חודש מרץ', 'תודה רבה על העזרה'];
const FRENCH = ['Réunion au café à 15h, apportez le résumé.', 'Reunion au cafe a 15h, apportez le resume.'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addressText(list: ReadonlyArray<{ name?: string; address?: string; group?: ReadonlyArray<{ name?: string; address?: string }> }>): string {
  return list
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .map((entry) => `${entry.name ?? ''} ${entry.address ?? ''}`.trim())
    .join(', ');
}

export async function loadBaseMessages(): Promise<BaseMessage[]> {
  const corpus = await loadCorpus();
  const bases: BaseMessage[] = [];
  for (const [index, message] of corpus.entries()) {
    const email = await PostalMime.parse(message.bytes, { attachmentEncoding: 'arraybuffer' });
    const text = email.text ?? (email.html ? htmlPreviewText(email.html) : '');
    const parsedDate = email.date ? Date.parse(email.date) : NaN;
    bases.push({
      name: message.name,
      from: email.from ? addressText([email.from]) : '',
      to: addressText([...(email.to ?? []), ...(email.cc ?? [])]),
      subject: email.subject ?? '',
      text: text.slice(0, TEXT_CAP),
      date: Number.isFinite(parsedDate) ? parsedDate : Date.UTC(2020, 0, 1) + index * 86_400_000,
      hasAttachment: email.attachments.some((part) => part.related !== true),
      rawBytes: message.bytes.byteLength,
    });
  }
  return bases;
}

/** Copy 0 of each corpus message is itself; later copies are perturbed deterministically. */
export function makeDocs(bases: BaseMessage[], count: number): MailDoc[] {
  const vocabulary = [...new Set(bases.flatMap((base) => `${base.subject} ${base.text}`.match(/\p{L}{3,20}/gu) ?? []))].sort();
  const senders = bases.map((base) => base.from).filter((from) => from !== '');
  const docs: MailDoc[] = [];
  for (let id = 0; id < count; id++) {
    const b = id % bases.length;
    const copy = Math.floor(id / bases.length);
    const base = bases[b]!;
    const rng = mulberry32(id + 1);
    let { from, subject, text } = base;
    if (copy > 0) {
      if (rng() < 0.5) from = senders[Math.floor(rng() * senders.length)]!;
      if (rng() < 0.3) subject = `Re: ${subject}`;
      text = text.replace(/[\p{L}\p{N}]+/gu, (word) => (rng() < 0.05 ? vocabulary[Math.floor(rng() * vocabulary.length)]! : word));
      text += `\n\nRef ${copy}-${b}-${Math.floor(rng() * 1e6)}`;
    }
    if (b % 37 === 5) text += `\n${ARABIC[(b + copy) % ARABIC.length]}`;
    if (b % 37 === 11) text += `\n${HEBREW[(b + copy) % HEBREW.length]}`;
    if (b % 37 === 17) text += `\n${FRENCH[copy % FRENCH.length]}`;
    docs.push({
      id,
      base: base.name,
      from,
      to: base.to,
      subject,
      text,
      date: base.date - copy * 91 * 86_400_000 - Math.floor(rng() * 86_400_000),
      unread: copy > 0 && rng() < 0.2,
      hasAttachment: base.hasAttachment,
      rawBytes: base.rawBytes,
    });
  }
  return docs;
}
