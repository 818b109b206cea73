/**
 * One HTML message that tries every way mail HTML has to run code, leave the sandbox or
 * phone home. Each attempt that ran would be seen by the hostile spec: as a dialog, or as a
 * request to REMOTE_HOST (scripts also fetch a beacon, in case dialogs were blocked).
 */

/** Never resolvable (RFC 2606); the spec's route aborts every request to it anyway. */
export const REMOTE_HOST = 'remote.example';
export const REMOTE_IMAGE_URL = `http://${REMOTE_HOST}/pixel.png`;
export const HOSTILE_SUBJECT = 'Hostile HTML: scripts, handlers, forms and remote images';

const html = `<!DOCTYPE html>
<html><head>
<meta http-equiv="refresh" content="0;url=http://${REMOTE_HOST}/meta-refresh">
<link rel="stylesheet" href="http://${REMOTE_HOST}/linked.css">
<style>@import url("http://${REMOTE_HOST}/imported.css"); body { background: url("http://${REMOTE_HOST}/background.png"); }</style>
<script>alert('script ran'); fetch('http://${REMOTE_HOST}/script-ran');</script>
</head>
<body onload="alert('body onload ran'); new Image().src='http://${REMOTE_HOST}/onload-ran'">
<h1>Hostile HTML</h1>
<p>If anything in this message runs, the test fails.</p>
<img src="${REMOTE_IMAGE_URL}" alt="remote pixel" width="10" height="10">
<img src="broken:image" onerror="alert('onerror ran'); new Image().src='http://${REMOTE_HOST}/onerror-ran'">
<svg onload="alert('svg onload ran')"><circle r="4"/></svg>
<form action="http://${REMOTE_HOST}/form" method="post"><input name="q" value="1"><button type="submit">Send</button></form>
<a href="javascript:alert('javascript link ran')">a javascript: link</a>
<iframe src="http://${REMOTE_HOST}/inner-frame"></iframe>
<object data="http://${REMOTE_HOST}/object.swf"></object>
</body></html>
`;

/** CRLF throughout, as on the wire. */
export function hostileMessage(): Uint8Array {
  const headers = [
    'From: Mallory <mallory@remote.example>',
    'To: Hostile Reader <hostile@satchel.test>',
    `Subject: ${HOSTILE_SUBJECT}`,
    'Date: Fri, 27 Nov 2026 10:00:00 +0000',
    'Message-ID: <hostile-1@remote.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  const text = `${headers.join('\r\n')}\r\n\r\n${html.replace(/\r?\n/g, '\r\n')}`;
  return new TextEncoder().encode(text);
}
