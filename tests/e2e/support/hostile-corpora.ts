/**
 * Hostile HTML from public corpora (tests/fixtures/hostile-html, see its README), grouped
 * into a few dozen messages for the `corpora` user: the DOMPurify test fixtures, Cure53's
 * H5SC vectors and HTTPLeaks page, the mXSS cheatsheet's sanitizer bypasses, and Satchel's
 * own link vectors (javascript:, data:, target=_top …) that the spec clicks.
 *
 * The payloads go in byte for byte: mXSS vectors depend on their exact markup, so nothing is
 * rewritten into a beacon. What would show an execution is watched in the browser instead
 * (execution-watch.ts): Chromium's own reports, dialogs, and hooks injected by DevTools into
 * every frame's main world, none of which the frame's CSP can block.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const FIXTURE_DIR = resolve(import.meta.dirname, '..', '..', 'fixtures', 'hostile-html');

type CorpusName = 'dompurify' | 'h5sc' | 'mxss' | 'httpleaks' | 'links';

interface HostileVector {
  corpus: CorpusName;
  /** Stable within its corpus: the fixture's index or id. */
  id: string;
  html: string;
}

export interface HostileCorpusMessage {
  subject: string;
  corpus: CorpusName;
  /** How many vectors the message carries (HTTPLeaks: one per leak URL in the page). */
  vectorCount: number;
  html: string;
}

/** Where the link vectors point when they are allowed links: the spec expects a new window, never the app's top. */
export const LINK_HOST = 'link.example';

/** Vectors per message: enough to keep the spec fast, few enough that one vector that swallows the rest (an unclosed raw-text element) costs little. */
const VECTORS_PER_MESSAGE = 30;

/**
 * Closes what a vector may leave open (comments, raw-text and foreign elements, tables, forms)
 * before the next one, as H5SC's own `//["'\`-->]]>]` suffix does. An unclosed form matters most:
 * DOMPurify drops a clobbered form with everything in it, so the vectors after it would vanish.
 */
const VECTOR_SEPARATOR = '<!-- --><!--"\'`--></textarea></title></style></xmp></noscript></noembed></noframes></iframe></template></option></select></table></table></table></svg></math></svg></math></form></form>\n';

function fixture(name: string): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8');
}

function domPurifyVectors(): HostileVector[] {
  const entries = JSON.parse(fixture('dompurify-expect-payloads.json')) as Array<{ title: string; payload: string }>;
  return entries.map((entry, index) => ({ corpus: 'dompurify', id: String(index), html: entry.payload }));
}

/** vectors.txt lists each vector as `<div id="N">…//["'\`-->]]>]</div>`; each is kept whole. */
function h5scVectors(): HostileVector[] {
  const text = fixture('h5sc-vectors.txt');
  const starts = [...text.matchAll(/<div id="(\d+)">/g)];
  return starts.map((match, i) => {
    const end = starts[i + 1]?.index ?? text.length;
    return { corpus: 'h5sc', id: match[1] ?? String(i), html: text.slice(match.index, end).trim() };
  });
}

function mxssVectors(): HostileVector[] {
  const entries = JSON.parse(fixture('mxss-cheatsheet-examples.json')) as Array<{ sanitizer: string; version: string; payload: string }>;
  return entries.map((entry, index) => ({ corpus: 'mxss', id: `${index} (${entry.sanitizer} ${entry.version})`, html: entry.payload }));
}

/** HTTPLeaks is one page meant to be loaded whole; each leak URL in it is one vector. */
function httpLeaksPage(): { html: string; vectorCount: number } {
  const html = fixture('httpleaks-leak.html');
  return { html, vectorCount: new Set(html.match(/leaking\.via\/[^\s"'<>)]*/g) ?? []).size };
}

/**
 * Satchel's own: every way a link in mail may try to run script or take over the app's
 * window when clicked. Texts start with "link-vector" so the spec can tell them apart.
 */
function linkVectors(): HostileVector[] {
  const b64 = 'PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='; // <script>alert(1)</script>
  const links = [
    '<a href="javascript:alert(1)">link-vector javascript</a>',
    '<a href="JaVaScRiPt:alert(1)">link-vector mixed case</a>',
    '<a href=" &#14;javascript:alert(1)">link-vector control char</a>',
    '<a href="jav&#x09;ascript:alert(1)">link-vector tab inside</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">link-vector entities</a>',
    '<a href="javascript&colon;alert(1)">link-vector named colon</a>',
    '<a href="java\nscript:alert(1)">link-vector newline inside</a>',
    '<a href="vbscript:msgbox(1)">link-vector vbscript</a>',
    `<a href="data:text/html;base64,${b64}">link-vector data base64</a>`,
    '<a href="data:text/html,<script>alert(1)</script>">link-vector data html</a>',
    '<a href="data:image/svg+xml,<svg xmlns=\'http://www.w3.org/2000/svg\' onload=\'alert(1)\'/>">link-vector data svg</a>',
    '<a href="javascript:alert(1)" target="_top">link-vector javascript target top</a>',
    `<a href="data:text/html;base64,${b64}" target="_top">link-vector data target top</a>`,
    '<a href="javascript:alert(1)" target="_blank">link-vector javascript target blank</a>',
    `<a href="data:text/html;base64,${b64}" target="_blank">link-vector data target blank</a>`,
    '<a href="javascript:alert(1)" target="_parent">link-vector javascript target parent</a>',
    '<a href="javascript:alert(1)" target="_self">link-vector javascript target self</a>',
    '<a href="#" onclick="alert(1)">link-vector onclick</a>',
    '<a href="/" target="_top">link-vector relative target top</a>',
    '<a href="about:blank" target="_top">link-vector about blank target top</a>',
    '<a href="blob:http://127.0.0.1/x" target="_top">link-vector blob target top</a>',
    `<a href="http://${LINK_HOST}/top" target="_top">link-vector http target top</a>`,
    `<a href="https://${LINK_HOST}/blank" target="_blank">link-vector https target blank</a>`,
    `<a href="//${LINK_HOST}/scheme-relative" target="_top">link-vector scheme relative target top</a>`,
    '<map name="m"><area shape="rect" coords="0,0,200,40" href="javascript:alert(1)" target="_top"></map><img usemap="#m" alt="link-vector area" width="200" height="40" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
    '<form action="javascript:alert(1)" target="_top"><button>link-vector form button</button></form>',
    '<button formaction="javascript:alert(1)" form="f">link-vector formaction</button>',
    '<svg><a xlink:href="javascript:alert(1)"><text x="10" y="20">link-vector svg xlink</text></a></svg>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">link-vector mathml</maction></math>',
  ];
  return links.map((html, index) => ({ corpus: 'links', id: String(index), html: `<p>${html}</p>` }));
}

/**
 * Text put before each vector, so the spec can count how many still start in live markup
 * after the sanitizer (an unclosed raw-text element can swallow what follows it as text).
 */
export const VECTOR_MARKER_PREFIX = '[vector ';
function vectorMarker(vector: HostileVector): string {
  return `${VECTOR_MARKER_PREFIX}${vector.corpus} ${vector.id.replace(/[<>&\]]/g, '')}]`;
}

/**
 * Vectors after which nothing in the same message survives as live markup: DOMPurify removes
 * their foreign-content or form subtree whole, and what follows ends up inside it. Each ends
 * its message, so every vector is parsed fresh at least once. Found with DOMPurify 3.5.0 in
 * Chromium 150 (sanitize each vector + a trailing marker, with the reader's config); the
 * spec checks every marker is shown and names this list if one is not.
 */
const SWALLOWS_WHAT_FOLLOWS = new Set([
  'dompurify 88', 'dompurify 201', 'dompurify 202', 'dompurify 205', 'dompurify 208', 'h5sc 31',
  'mxss 1 (DomPurify 2.0.17)', 'mxss 4 (DomPurify 2.2.0)', 'mxss 6 (DomPurify 3.0.8)', 'mxss 9 (DomPurify 3.2.1)',
  // Only in the message (not alone + a marker): the marker after it went missing in the spec.
  'mxss 14 (Google closure-library v20190215)',
  // Since the reader bounds HTML before DOMPurify (bound-message-html.ts): an SVG or MathML
  // subtree is flattened to its text, and what follows these ends up inside their
  // <title>/<textarea>/<style>, whose text is not content and goes with it. Found by running
  // boundMessageHtml and the reader's DOMPurify (jsdom) over every message until each marker
  // survived.
  'dompurify 193', 'dompurify 194', 'dompurify 195', 'dompurify 196', 'dompurify 197', 'h5sc 88',
]);

function groupMessages(label: string, corpus: CorpusName, vectors: readonly HostileVector[]): HostileCorpusMessage[] {
  const swallowers = vectors.filter((vector) => SWALLOWS_WHAT_FOLLOWS.has(`${vector.corpus} ${vector.id}`));
  const others = vectors.filter((vector) => !swallowers.includes(vector));
  const count = Math.max(Math.ceil(vectors.length / VECTORS_PER_MESSAGE), swallowers.length);
  const size = Math.ceil(others.length / count);
  const groups = Array.from({ length: count }, (_, index) => {
    const last = swallowers[index];
    return [...others.slice(index * size, (index + 1) * size), ...(last === undefined ? [] : [last])];
  });
  return groups.map((group, index) => ({
    subject: `Hostile corpus: ${label} ${index + 1}/${groups.length}`,
    corpus,
    vectorCount: group.length,
    html: `<h1>${label} ${index + 1}/${groups.length}</h1>\n${group.map((vector) => `<p>${vectorMarker(vector)}</p>${vector.html}`).join(VECTOR_SEPARATOR)}`,
  }));
}

/** Every message the `corpora` user holds, in delivery order. */
export function hostileCorpusMessages(): HostileCorpusMessage[] {
  const leaks = httpLeaksPage();
  return [
    ...groupMessages('DOMPurify fixtures', 'dompurify', domPurifyVectors()),
    ...groupMessages('H5SC', 'h5sc', h5scVectors()),
    ...groupMessages('mXSS cheatsheet', 'mxss', mxssVectors()),
    { subject: 'Hostile corpus: HTTPLeaks 1/1', corpus: 'httpleaks', vectorCount: leaks.vectorCount, html: leaks.html },
    ...groupMessages('Links', 'links', linkVectors()),
  ];
}

/** RFC 2045 §6.8: base64 in 76-character lines, so no payload line breaks SMTP's 998 or needs dot-stuffing. */
function base64Lines(text: string): string {
  return (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

export function hostileCorpusMessageBytes(message: HostileCorpusMessage, index: number): Uint8Array {
  const headers = [
    'From: Cure53 corpora <corpora@remote.example>',
    'To: Corpora Reader <corpora@satchel.test>',
    `Subject: ${message.subject}`,
    `Date: Sat, 05 Dec 2026 10:${String(index).padStart(2, '0')}:00 +0000`,
    `Message-ID: <hostile-corpus-${index + 1}@remote.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ];
  return new TextEncoder().encode(`${headers.join('\r\n')}\r\n\r\n${base64Lines(message.html)}\r\n`);
}
