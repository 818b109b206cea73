// The compact date in a list row: the time for today's mail, else day and month, and the
// year too once it is not this year's.

export function formatListDate(date: number, now: Date = new Date(), locale?: string): string {
  const when = new Date(date);
  if (!Number.isFinite(when.getTime())) return '';
  if (when.toDateString() === now.toDateString()) return when.toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
  if (when.getFullYear() === now.getFullYear()) return when.toLocaleDateString(locale, { day: 'numeric', month: 'short' });
  return when.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** The full date for the row's title and screen readers. */
export function formatFullDate(date: number, locale?: string): string {
  const when = new Date(date);
  return Number.isFinite(when.getTime()) ? when.toLocaleString(locale, { dateStyle: 'full', timeStyle: 'short' }) : '';
}
