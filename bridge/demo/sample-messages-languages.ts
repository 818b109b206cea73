import { html, mailbox, multipart, subject, text } from './mime-builder.ts';
import { date, envelope, type SampleMessage } from './sample-envelope.ts';

/**
 * Mail in many scripts and the charsets servers still send them in (Latin-1, KOI8-R,
 * ISO-2022-JP, ISO-8859-7, ISO-8859-2, UTF-8), so the reader's decoding is seen at work.
 */
export const LANGUAGES: readonly SampleMessage[] = [
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
];
