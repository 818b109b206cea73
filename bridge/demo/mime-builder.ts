import { base64Lines, encodeCharset, encodedWords, quotedPrintable, type Charset } from './mime-encoders.ts';

/** A MIME entity ready to render: its own headers (after Content-Type) and its encoded body. */
export type MimePart =
  | { kind: 'leaf'; headers: string[]; body: string }
  | { kind: 'multipart'; subtype: 'mixed' | 'alternative' | 'related'; parts: MimePart[]; typeParams?: string };

export interface TextOptions {
  charset?: Charset;
  encoding?: '7bit' | '8bit' | 'quoted-printable' | 'base64';
  subtype?: 'plain' | 'html';
  /** Extra Content-Type parameters, such as `format=flowed` (RFC 3676). */
  params?: string;
}

export function text(content: string, options: TextOptions = {}): MimePart {
  const { charset = 'utf-8', encoding = 'quoted-printable', subtype = 'plain', params = '' } = options;
  const bytes = encodeCharset(content, charset);
  const body = encoding === 'quoted-printable' ? quotedPrintable(bytes) : encoding === 'base64' ? base64Lines(bytes) : bytes.toString('latin1');
  return {
    kind: 'leaf',
    headers: [`Content-Type: text/${subtype}; charset=${charset}${params}`, `Content-Transfer-Encoding: ${encoding}`],
    body,
  };
}

export function html(content: string, options: Omit<TextOptions, 'subtype'> = {}): MimePart {
  return text(content, { ...options, subtype: 'html' });
}

export interface FileOptions {
  type: string;
  filename: string;
  /** Set for inline images referenced as `cid:` from HTML (RFC 2392). */
  contentId?: string;
}

export function file(bytes: Buffer, { type, filename, contentId }: FileOptions): MimePart {
  const headers = [
    `Content-Type: ${type}; name="${filename}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: ${contentId === undefined ? 'attachment' : 'inline'}; filename="${filename}"`,
  ];
  if (contentId !== undefined) headers.push(`Content-ID: <${contentId}>`);
  return { kind: 'leaf', headers, body: base64Lines(bytes) };
}

export function multipart(subtype: 'mixed' | 'alternative' | 'related', ...parts: MimePart[]): MimePart {
  return { kind: 'multipart', subtype, parts, ...(subtype === 'related' ? { typeParams: '; type="text/html"' } : {}) };
}

export interface Envelope {
  from: string;
  to: string;
  subject: string;
  date: string;
  messageId: string;
  /** Extra header lines, already encoded (Cc, In-Reply-To, List-Id, …). */
  headers?: string[];
}

/** A display name and address, with the name as encoded-words when it is not plain ASCII. */
export function mailbox(name: string, address: string, charset: Exclude<Charset, 'us-ascii'> = 'utf-8'): string {
  return /^[\x20-\x7e]*$/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}" <${address}>` : `${encodedWords(name, charset)} <${address}>`;
}

/** A subject, as encoded-words when it is not plain ASCII (RFC 2047). */
export function subject(value: string, charset: Exclude<Charset, 'us-ascii'> = 'utf-8'): string {
  // ASCII, possibly already encoded and folded ("\n "), is left as it is.
  return /^[\x20-\x7e\n]*$/.test(value) ? value : encodedWords(value, charset);
}

/** Renders a whole message with LF line endings; the server's loader turns them into CRLF. */
export function renderMessage(envelope: Envelope, root: MimePart, serial: number): string {
  const top = [
    `From: ${envelope.from}`,
    `To: ${envelope.to}`,
    `Subject: ${envelope.subject}`,
    `Date: ${envelope.date}`,
    `Message-ID: <${envelope.messageId}>`,
    ...(envelope.headers ?? []),
    'MIME-Version: 1.0',
  ];
  return `${top.join('\n')}\n${renderPart(root, `satchel-demo-${serial}`)}`;
}

function renderPart(part: MimePart, boundaryBase: string): string {
  if (part.kind === 'leaf') return `${part.headers.join('\n')}\n\n${part.body}\n`;
  // RFC 2046 §5.1.1: the boundary must not occur in the parts; these never do.
  const boundary = `=_${boundaryBase}`;
  const children = part.parts.map((child, i) => `--${boundary}\n${renderPart(child, `${boundaryBase}.${i + 1}`)}`).join('\n');
  return `Content-Type: multipart/${part.subtype}; boundary="${boundary}"${part.typeParams ?? ''}\n\n${children}\n--${boundary}--\n`;
}
