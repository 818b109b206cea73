/**
 * One generated HTML message of about 1 MB, shaped like a long newsletter or a report mailed
 * as HTML: nested layout tables, inline styles, many paragraphs and links, remote images (which
 * the reader blocks). Deterministic: the same bytes on every run.
 */
import { rfc5322Date } from './rfc5322-date.ts';

export const LARGE_HTML_UID = 'large-html-1mb';
export const LARGE_HTML_SUBJECT = 'Annual report: every section (1 MB HTML)';
const LARGE_HTML_TARGET_BYTES = 1024 * 1024;

const WORDS = 'the quarterly figures show steady growth across every region while costs held flat and the team shipped three releases with fewer defects than planned revenue margin customer support latency backlog roadmap'.split(' ');

function sentence(n: number): string {
  const words: string[] = [];
  for (let i = 0; i < 14 + (n % 9); i++) words.push(WORDS[(n * 31 + i * 7) % WORDS.length]!);
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function section(n: number): string {
  const rows = Array.from({ length: 6 }, (_, r) => `<tr><td style="padding:4px 8px;border-bottom:1px solid #ddd">Item ${n}.${r}</td><td style="padding:4px 8px;text-align:right">${((n * 977 + r * 131) % 100_000) / 100}</td></tr>`).join('\n');
  const paragraphs = Array.from({ length: 4 }, (_, p) => `<p style="margin:0 0 12px;font:14px/1.5 Georgia,serif;color:#333">${sentence(n * 4 + p)} ${sentence(n * 4 + p + 1)} <a href="https://reports.example.com/s/${n}/${p}" style="color:#1a5fb4">Read more</a></p>`).join('\n');
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;margin:0 auto 24px"><tr><td>
<h2 style="font:bold 20px/1.3 Helvetica,Arial,sans-serif;color:#222">Section ${n}</h2>
<img src="https://cdn.example.com/charts/${n}.png" width="600" height="200" alt="Chart for section ${n}" style="display:block;border:0">
${paragraphs}
<table width="100%" style="border-collapse:collapse;font:13px Helvetica,Arial,sans-serif">
${rows}
</table>
</td></tr></table>
`;
}

/** The whole message, CRLF line endings, 7bit (every line well under RFC 5322's 998). */
export function largeHtmlMessage(date: number): Uint8Array {
  const head = [
    'From: Reports <reports@example.com>',
    'To: bench@example.org',
    `Subject: ${LARGE_HTML_SUBJECT}`,
    `Date: ${rfc5322Date(date)}`,
    'Message-ID: <large-html-1mb@bench.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 7bit',
    '',
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Annual report</title></head>',
    '<body style="margin:0;padding:16px;background:#f4f4f4">',
    '<h1 style="font:bold 28px Helvetica,Arial,sans-serif;text-align:center">Annual report</h1>',
  ].join('\r\n');
  const tail = '</body></html>\r\n';
  const parts: string[] = [head, '\r\n'];
  let bytes = head.length + tail.length;
  for (let n = 1; bytes < LARGE_HTML_TARGET_BYTES; n++) {
    const s = section(n).replace(/\n/g, '\r\n');
    parts.push(s);
    bytes += s.length;
  }
  parts.push(tail);
  return new TextEncoder().encode(parts.join(''));
}
