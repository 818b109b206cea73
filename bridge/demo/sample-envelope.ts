import { mailbox, subject, type Envelope, type MimePart } from './mime-builder.ts';

/** One sample message: its file name (which becomes its UIDL), envelope and MIME tree. */
export interface SampleMessage {
  name: string;
  envelope: Envelope;
  body: MimePart;
}

const YOU = mailbox('You', 'you@satchel.example');

/** RFC 5322 §3.3 date from a fixed local time and zone, with the weekday computed, not guessed. */
export function date(local: string, zone: string): string {
  const [y, m, d, hh, mm] = local.split(/[-T:]/).map(Number) as [number, number, number, number, number];
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1];
  return `${weekday}, ${d} ${month} ${y} ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00 ${zone}`;
}

export function envelope(from: string, subjectLine: string, when: string, id: string, headers: string[] = []): Envelope {
  // subject() leaves ASCII (and already encoded) subjects alone and encodes the rest (RFC 2047).
  return { from, to: YOU, subject: subject(subjectLine), date: when, messageId: `${id}@demo.satchel.example`, headers };
}

export const TEAM = mailbox('Satchel Team', 'hello@satchel.example');
