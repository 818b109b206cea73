/**
 * The address `npm start` tells people to open. A loopback bridge is shown as `localhost`,
 * the name the README uses: the browser keeps stored mail per origin, so opening
 * 127.0.0.1 one day and localhost the next would show two different, separate mailboxes.
 */
export function browserAddress(bridgeUrl: string): string {
  const url = new URL(bridgeUrl);
  if (url.hostname === '127.0.0.1' || url.hostname === '[::1]') url.hostname = 'localhost';
  // URL.href always ends a bare origin with '/'; the README's address has none.
  return url.href.replace(/\/$/, '');
}
