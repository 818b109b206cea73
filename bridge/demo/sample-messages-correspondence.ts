import { mailbox, text } from './mime-builder.ts';
import { date, envelope, type SampleMessage } from './sample-envelope.ts';

/**
 * Everyday mail: a long read, a reply thread, a mailing list, flowed text, many recipients.
 */
export const CORRESPONDENCE: readonly SampleMessage[] = [
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
