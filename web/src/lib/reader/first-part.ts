// The first part of a long HTML body, cut where a tag starts, never inside one: parse5 then
// closes whatever the cut leaves open, as a browser does with a page that stops loading.

/** At most `chars` UTF-16 units of `html`, ending just before a `<` (or at `chars` if there is none after the first half). */
export function firstPartOf(html: string, chars: number): string {
  if (html.length <= chars) return html;
  const cut = html.lastIndexOf('<', chars);
  return html.slice(0, cut > chars / 2 ? cut : chars);
}
