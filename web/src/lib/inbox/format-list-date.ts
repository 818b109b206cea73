// The compact date in a list row: the time for today's mail, else day and month, and the
// year too once it is not this year's.
//
// Formatters are made once per locale: toLocaleString() builds a new Intl.DateTimeFormat on
// every call, which showed up as dropped frames when fast scrolling brought in many rows.

const FORMATS = {
  time: { hour: 'numeric', minute: '2-digit' },
  dayMonth: { day: 'numeric', month: 'short' },
  dayMonthYear: { day: 'numeric', month: 'short', year: 'numeric' },
  full: { dateStyle: 'full', timeStyle: 'short' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: keyof typeof FORMATS, locale: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}\u0000${locale ?? ''}`;
  let made = formatters.get(key);
  if (made === undefined) {
    made = new Intl.DateTimeFormat(locale, FORMATS[kind]);
    formatters.set(key, made);
  }
  return made;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

export function formatListDate(date: number, now: Date = new Date(), locale?: string): string {
  const when = new Date(date);
  if (!Number.isFinite(when.getTime())) return '';
  if (sameDay(when, now)) return formatter('time', locale).format(when);
  if (when.getFullYear() === now.getFullYear()) return formatter('dayMonth', locale).format(when);
  return formatter('dayMonthYear', locale).format(when);
}

/** The full date for the row's title and screen readers. */
export function formatFullDate(date: number, locale?: string): string {
  const when = new Date(date);
  return Number.isFinite(when.getTime()) ? formatter('full', locale).format(when) : '';
}
