import { html, multipart, text } from './mime-builder.ts';
import { date, envelope, TEAM, type SampleMessage } from './sample-envelope.ts';

/**
 * What the Satchel team would send a new user: a welcome, how sync works, backups, storage.
 */
export const FROM_SATCHEL: readonly SampleMessage[] = [
  {
    name: '01-welcome',
    envelope: envelope(TEAM, 'Welcome to Satchel', date('2026-10-12T09:05', '+0000'), 'welcome-1'),
    body: text(
      `Hello, and welcome to Satchel!

Satchel downloads your POP3 mail into this browser, so you can read it
on a train, in a tunnel, or on a hotel connection that gives up every
five minutes. Once a message is here, it stays here, online or not.

This mailbox is the demo: any user name works, and the password is
"demo". Deleting a message only hides it for that session; the next
sync brings the whole demo mailbox back, so you can try everything.

A few things worth trying:
  * Sync, then switch your network off and keep reading.
  * Open the message with the photos (images arrive inline).
  * Open the newsletter: remote images stay blocked until you ask.

Happy reading,
The Satchel team
`,
      { charset: 'us-ascii', encoding: '7bit' },
    ),
  },
  {
    name: '02-how-sync-works',
    envelope: envelope(TEAM, 'How Satchel syncs on a slow link', date('2026-10-13T14:20', '+0000'), 'sync-explained-2'),
    body: multipart(
      'alternative',
      text(`How Satchel syncs on a slow link

1. Headers first. Your inbox appears before any body arrives.
2. Bodies next, newest first.
3. Large attachments last, within the budget you set.

If the link drops, the next sync picks up where it stopped. A message is
only stored when it arrived complete, and it is only deleted from the
server after it is safely stored here.
`),
      html(`<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.5">
<h1 style="color: #7a4a2c">How Satchel syncs on a slow link</h1>
<ol>
<li><strong>Headers first.</strong> Your inbox appears before any body arrives.</li>
<li><strong>Bodies next</strong>, newest first.</li>
<li><strong>Large attachments last</strong>, within the budget you set.</li>
</ol>
<p>If the link drops, the next sync picks up where it stopped. A message is only stored when it
arrived <em>complete</em>, and it is only deleted from the server after it is safely stored here.</p>
</body></html>
`),
    ),
  },
  {
    name: '27-backup-export',
    envelope: envelope(TEAM, 'Keep a backup: export your mail', date('2026-11-15T09:30', '+0000'), 'export-27'),
    body: multipart(
      'alternative',
      text(`Your mail lives in this browser. To be safe, export it now and then:
Satchel can save everything as an mbox file or as .eml files, which any
mail program can open.
`),
      html(`<!doctype html>
<html><body style="font-family: sans-serif">
<p>Your mail lives in this browser. To be safe, <strong>export it now and then</strong>:
Satchel can save everything as an <code>mbox</code> file or as <code>.eml</code> files,
which any mail program can open.</p>
</body></html>
`),
    ),
  },
  {
    name: '28-storage-usage',
    envelope: envelope(TEAM, 'How much space does your mail use?', date('2026-11-18T10:10', '+0000'), 'storage-28'),
    body: text(`Satchel shows how much storage your mail uses and how much the browser
allows. Text mail is tiny; attachments are what fill the space. You can
set a budget so large attachments wait for a better connection.
`),
  },
  {
    name: '30-weekly-digest',
    envelope: envelope(TEAM, 'Your weekly Satchel digest 📬', date('2026-11-24T08:00', '+0000'), 'digest-30'),
    body: multipart(
      'alternative',
      text(`This week in your satchel
- 30 messages stored, all readable offline
- 0 messages lost to dropped connections
- Languages seen: English, German, Russian, Japanese, Greek, Arabic,
  French, Polish, Chinese
`),
      html(`<!doctype html>
<html><body style="font-family: sans-serif">
<h2>This week in your satchel 📬</h2>
<table style="border-collapse: collapse">
<tr><th align="left">Messages stored</th><td>30</td></tr>
<tr><th align="left">Lost to dropped connections</th><td>0</td></tr>
<tr><th align="left">Languages</th><td>English, Deutsch, Русский, 日本語, Ελληνικά, العربية, Français, Polski, 中文</td></tr>
</table>
</body></html>
`),
    ),
  },
];
