import { file, html, mailbox, multipart, text } from './mime-builder.ts';
import { logoPng, noisyScanPng, receiptPdf, routeMapPng, sunsetPng, syncStatsCsv } from './sample-attachments.ts';
import { date, envelope, TEAM, type SampleMessage } from './sample-envelope.ts';

/**
 * Messages with attachments: inline cid: images, a PDF, text and CSV files, a large scan.
 */
export const ATTACHMENTS: readonly SampleMessage[] = [
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
];
